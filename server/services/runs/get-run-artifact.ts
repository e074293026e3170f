import { statSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { runArtifacts } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { forbidden, notFound, ServiceError } from "@/server/errors";
import { checkArtifactLocation } from "./artifact-location";
import { artifactScope } from "./artifact-scope";
import { findRun } from "./get-run";

const ADAPTER_FILES = ["adapter_config.json", "adapter_model.safetensors"];

/**
 * A finished run's artifact, for the download route (app/api/runs/[id]/artifact): a single file,
 * or an adapter folder's PEFT files. The stored location is checked again with the rule it was
 * stored under, and so is each file (a symlink planted later must not lead out of the run's
 * folder); `files` are real paths, so what is read is what was checked.
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
  if (!artifact) throw notFound("Artifact");
  const scope = await artifactScope(ctx.db, run.id);
  const where = checkArtifactLocation(artifact.path, scope);
  if (!where.ok) {
    // Stored before locations were checked, or the folder changed since: never served.
    if (/does not exist|no folder/.test(where.reason)) throw notFound("Artifact");
    throw forbidden("The artifact's location is outside the run's folder; it is not served.");
  }
  if (where.kind === "uri")
    throw new ServiceError("NOT_FOUND", `The artifact is not on this server: ${where.location}`);
  const name = `${run.name.replace(/[^\w.-]+/g, "_")}-${artifact.kind}`;
  if (!statSync(where.location).isDirectory())
    return { name, files: [{ name: path.basename(where.location), path: where.location }] };
  const files = ADAPTER_FILES.flatMap((file) => {
    const inside = checkArtifactLocation(path.join(where.location, file), scope);
    return inside.ok && inside.kind === "file" && statSync(inside.location).isFile()
      ? [{ name: file, path: inside.location }]
      : [];
  });
  if (files.length === 0) throw notFound("Artifact");
  return { name, folder: true as const, files };
}
