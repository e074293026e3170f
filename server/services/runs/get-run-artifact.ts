import { existsSync, statSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { runArtifacts } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { notFound } from "@/server/errors";
import { findRun } from "./get-run";

/**
 * The adapter folder of a finished run, for the download route (app/api/runs/[id]/artifact). The
 * route packs `files` (adapter_config.json, adapter_model.safetensors) from `dir`.
 */
export async function getRunArtifact({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: { runId: string; kind?: string };
}) {
  const run = await findRun(ctx, input.runId);
  const [artifact] = await ctx.db
    .select()
    .from(runArtifacts)
    .where(and(eq(runArtifacts.runId, run.id), eq(runArtifacts.kind, input.kind ?? "adapter")));
  if (!artifact || !existsSync(artifact.path)) throw notFound("Artifact");
  const isDir = statSync(artifact.path).isDirectory();
  const files = isDir
    ? ["adapter_config.json", "adapter_model.safetensors"].filter((f) =>
        existsSync(`${artifact.path}/${f}`),
      )
    : [];
  return {
    runId: run.id,
    name: `${run.name.replace(/[^\w.-]+/g, "_")}-${artifact.kind}`,
    kind: artifact.kind,
    path: artifact.path,
    isDir,
    files,
  };
}
