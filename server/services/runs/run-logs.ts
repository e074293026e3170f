import { desc, eq } from "drizzle-orm";
import { runLogs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { RunLogsInput } from "@/server/schemas/runs";
import { findRun } from "./get-run";

/** The newest log lines of a run, in time order. */
export async function getRunLogs({ ctx, input }: { ctx: DomainCtx; input: RunLogsInput }) {
  const { runId, limit } = RunLogsInput.parse(input);
  const run = await findRun(ctx, runId);
  const rows = await ctx.db
    .select()
    .from(runLogs)
    .where(eq(runLogs.runId, run.id))
    .orderBy(desc(runLogs.time), desc(runLogs.seq))
    .limit(limit);
  return rows.reverse().map(({ seq, time, level, message }) => ({ seq, time, level, message }));
}
