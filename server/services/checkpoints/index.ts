export { listCheckpoints } from "./list-checkpoints";
export { requestCheckpointEvaluation } from "./request-evaluation";
export { promoteCheckpoint } from "./promote-checkpoint";
