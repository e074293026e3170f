import { mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { runArtifacts, runs } from "@/drizzle/schema";
import { type Db, withTransaction } from "@/server/db";
import { notFound } from "@/server/errors";
import { requestEvaluation } from "@/server/services/evaluations/request-evaluation";
import { runWorkDir } from "../work-dir";
import { checkAttachable } from "./attachable-run";
import type { OutputLayout } from "./output-layout";

/** Where an uploaded or fetched output ends up: `<run folder>/output`. */
export const OUTPUT_DIR = "output";

/** A fresh scratch folder inside the run's folder (same file system, so placing it is a rename). */
export function scratchDir(runId: string): string {
  const dir = runWorkDir(runId);
  mkdirSync(dir, { recursive: true });
  return mkdtempSync(path.join(dir, ".incoming-"));
}

/**
 * Stores a checked folder as the run's output and requests its evaluation. An upload or S3 fetch
 * (`place`) is first renamed over `<run folder>/output` (the previous one moved aside and removed
 * after), so a reader sees the old folder or the new one, never a mix; a folder already in the
 * run's folder (a location) stays where it is. The run is checked again inside the transaction
 * that stores the artifact: it may have been evaluated while the bytes arrived.
 */
export async function attachOutput(
  db: Db,
  input: { projectId: string; runId: string; folder: string; layout: OutputLayout; place: boolean },
) {
  return withTransaction(db, async (tx) => {
    const [run] = await tx.select().from(runs).where(eq(runs.id, input.runId)).for("update");
    if (!run || run.projectId !== input.projectId) throw notFound("Run");
    await checkAttachable(tx, run);
    const target = input.place ? placeOutput(run.id, input.folder) : input.folder;
    await tx
      .insert(runArtifacts)
      .values({ runId: run.id, kind: "adapter", path: target })
      .onConflictDoUpdate({
        target: [runArtifacts.runId, runArtifacts.kind],
        set: { path: target },
      });
    return {
      layout: input.layout,
      evaluation: await requestEvaluation(tx, { projectId: run.projectId, runId: run.id }),
    };
  });
}

function placeOutput(runId: string, folder: string): string {
  const target = path.join(runWorkDir(runId), OUTPUT_DIR);
  const aside = `${target}.replaced-${Date.now()}`;
  renameIfPresent(target, aside);
  renameSync(folder, target);
  rmSync(aside, { recursive: true, force: true });
  return target;
}

function renameIfPresent(from: string, to: string) {
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}
