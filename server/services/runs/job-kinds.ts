import path from "node:path";

/** Job kinds of the run lifecycle; the handlers live in server/jobs/handlers/. */
export const RUN_JOBS = {
  dispatch: "run.dispatch",
  poll: "run.poll",
  evaluate: "run.evaluate",
} as const;

/** Where a run's files live (the local worker's --out folder, evaluation prompts and outputs). */
export function runWorkDir(runId: string): string {
  return path.resolve(process.env.TUNEBENCH_RUNS_DIR || "data/runs", runId);
}
