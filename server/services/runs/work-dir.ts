import path from "node:path";

/** Where a run's files live (the local worker's --out folder, evaluation prompts and outputs). */
export function runWorkDir(runId: string): string {
  return path.resolve(process.env.TUNEBENCH_RUNS_DIR || "data/runs", runId);
}
