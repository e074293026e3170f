import path from "node:path";

/** The folder holding every run's work folder (backups copy it whole). */
export function runsRoot(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.TUNEBENCH_RUNS_DIR || "data/runs");
}

/** Where a run's files live (the local worker's --out folder, evaluation prompts and outputs). */
export function runWorkDir(runId: string): string {
  return path.join(runsRoot(), runId);
}
