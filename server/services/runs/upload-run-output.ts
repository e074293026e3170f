import { rmSync } from "node:fs";
import type { DomainCtx } from "@/server/ctx";
import { projectOf } from "@/server/ctx";
import { badRequest } from "@/server/errors";
import { attachOutput, scratchDir } from "./attach/attach-output";
import { attachableRun } from "./attach/attachable-run";
import { extractArchive } from "./attach/extract-archive";
import { AttachProblem, attachLimits } from "./attach/limits";
import { outputLayout, outputRoot } from "./attach/output-layout";

/**
 * Attaches an external run's adapter or model folder sent as a tar or tar.gz archive, then
 * requests its evaluation. The archive streams into a scratch folder inside the run's folder
 * (extractArchive: plain files only, inside it, within the size limits), its layout is checked
 * (outputLayout), and only then is it renamed into place. A refused archive leaves nothing behind.
 */
export async function uploadRunOutput({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: { runId: string; body: ReadableStream<Uint8Array> | null };
}) {
  const run = await attachableRun(ctx, input.runId);
  if (!input.body) throw badRequest("The request body is empty: send a tar or tar.gz archive.");
  const scratch = scratchDir(run.id);
  try {
    await extractArchive(input.body, scratch, attachLimits());
    const root = outputRoot(scratch);
    const layout = outputLayout(root);
    const attached = await attachOutput(ctx.db, {
      projectId: projectOf(ctx),
      runId: run.id,
      folder: root,
      layout,
      place: true,
    });
    return { runId: run.id, fetchJobId: null, ...attached };
  } catch (e) {
    if (e instanceof AttachProblem) throw badRequest(`archive: ${e.message}`);
    throw e;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
