import type { Role } from "./enums";

/** Roles that create and run experiments. A reviewer only works their review queue: run data
 *  (outputs, scores, names) would unblind pairwise review, so it is refused reads too. */
export const EDITOR_ROLES = ["admin", "member"] as const satisfies readonly Role[];

export function isEditor(role: Role | null | undefined): boolean {
  return role != null && (EDITOR_ROLES as readonly Role[]).includes(role);
}
