export { listCheckpoints } from "./list-checkpoints";
export { promoteCheckpoint } from "./promote-checkpoint";
export { requestCheckpointEvaluation } from "./request-evaluation";
