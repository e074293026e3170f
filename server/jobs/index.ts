export { retryDelayMs } from "./backoff";
export {
  defineJob,
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
  releaseJob,
  requeueFailedJob,
} from "./queue";
export { startWorkerLoop, type WorkerLoop, type WorkerLoopOptions } from "./worker";
