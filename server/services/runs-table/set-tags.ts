import { and, eq } from "drizzle-orm";
import { runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import { SetTagsInput } from "@/server/schemas/runs-table";
import { invalidateColumns } from "./columns-cache";

/** Replaces a run's tags (trimmed, deduplicated, in the given order). */
export async function setRunTags({ ctx, input }: { ctx: DomainCtx; input: SetTagsInput }) {
  const projectId = projectOf(ctx);
  const { runId, tags } = SetTagsInput.parse(input);
  const unique = [...new Set(tags.map((t) => t.trim()))];
  const [row] = await ctx.db
    .update(runs)
    .set({ tags: unique })
    .where(and(eq(runs.id, runId), eq(runs.projectId, projectId)))
    .returning({ id: runs.id, tags: runs.tags });
  if (!row) throw notFound("Run");
  invalidateColumns();
  return row;
}
