export { DEFAULT_PROJECT_SLUG, ensureDefaultProject } from "./ensure-default-project";
export { ensureLocalOwner, LOCAL_OWNER } from "./ensure-local-owner";
export { getMembership } from "./get-membership";
export { listProjects } from "./list-projects";
