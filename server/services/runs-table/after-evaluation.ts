import type { Db } from "@/server/db";
import { refreshRunCosts } from "@/server/services/cost/refresh-costs";
import { invalidateColumns } from "./columns-cache";
import { refreshRunSummaries } from "./summary";

/** After a run's evaluation is stored (or swapped by a checkpoint promotion): the runs table's
 *  scores and the run's cost. Callable inside the evaluation's transaction. */
export async function afterEvaluationStored(db: Db, runId: string): Promise<void> {
  await refreshRunSummaries(db, [runId]);
  await refreshRunCosts(db, [runId]);
  invalidateColumns();
}
