export { retryDelayMs } from "./backoff";
export {
  evaluateRunKey,
  JOB_KINDS,
  type JobKind,
  type JobPayload,
  jobKeyOf,
  jobKeys,
} from "./contracts";
export {
  defineJob,
  type FinalFailureArgs,
  type JobDefinition,
  type JobHandlerArgs,
  type JobRow,
  PermanentJobError,
} from "./define";
export { type EnqueueInput, enqueueJob } from "./enqueue";
export {
  claimJobs,
  completeJob,
  failJob,
  heartbeatJob,
  insertJob,
  releaseJob,
  requeueFailedJob,
} from "./queue";
export { startWorkerLoop, type WorkerLoop, type WorkerLoopOptions } from "./worker";
