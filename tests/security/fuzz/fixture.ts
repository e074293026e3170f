import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import { createCaller } from "@/server/root";
import { rotateSecret, setSecret } from "@/server/services/settings";
import { createToken } from "@/server/services/tokens";
import { createEndpoint } from "@/server/services/webhooks";
import { createTestCtx } from "@/tests/helpers/ctx";
import { seedExperiment } from "@/tests/server/services/reviews/fixtures";

export type FuzzFixture = Awaited<ReturnType<typeof fuzzFixture>>;

/** A project with an admin's read+write token, an evaluated experiment, a review campaign, a
 *  webhook endpoint and the three hook secrets: real ids for every field the fuzzer does not
 *  corrupt, so each hostile value reaches as deep as it can. */
export async function fuzzFixture(db: Db) {
  process.env.TUNEBENCH_RUNS_DIR = mkdtempSync(path.join(tmpdir(), "tb-fuzz-"));
  const admin = await createTestCtx(db, { role: "admin" });
  const reviewer = await createTestCtx(db, { role: "reviewer" });
  const projectId = admin.projectId!;
  const token = (
    await createToken({ ctx: admin, input: { name: "fuzz", scopes: ["read", "write"] } })
  ).secret;
  const scores = Array.from({ length: 6 }, (_, i) => (i % 2) * 100);
  const seeded = await seedExperiment(db, projectId, [
    { name: "baseline", isBaseline: true, scores },
    { name: "a", scores },
    { name: "b", scores: scores.map((s) => 100 - s) },
  ]);
  const [version] = (
    await db.execute(
      sql`select dataset_version_id as id from experiments where id = ${seeded.experimentId}`,
    )
  ).rows as { id: string }[];
  const caller = createCaller(admin);
  const campaign = await caller.reviews.create({
    experimentId: seeded.experimentId,
    name: "fuzz",
    mode: "pairwise",
    runIds: [seeded.runIds[1]!, seeded.runIds[2]!],
    sampleSize: 4,
    sampling: { kind: "random", seed: 1 },
    reviewersPerItem: 1,
    guidelines: "Pick one.",
    reviewerIds: [reviewer.user!.id],
  });
  const endpoint = await createEndpoint(
    db,
    projectId,
    { url: "https://93.184.216.34/hook", events: ["run.failed"], description: "" },
    { policy: { allowLoopback: false, allowPrivate: false } },
  );
  // OpenAI gives out the webhook secret (whsec_…); the other two are Tunebench's own.
  const openai = `whsec_${randomBytes(32).toString("base64")}`;
  await setSecret(db, projectId, { name: "hooks.openai", value: openai });
  const secrets = {
    generic: (await rotateSecret(db, projectId, "hooks.generic")).secret,
    openai,
    sagemaker: (await rotateSecret(db, projectId, "hooks.sagemaker")).secret,
  };
  const runId = seeded.runIds[1]!;
  /** Values for fields by name: real ids of this fixture. */
  const ids: Record<string, unknown> = {
    experimentId: seeded.experimentId,
    runId,
    runIds: [seeded.runIds[1], seeded.runIds[2]],
    datasetVersionId: version!.id,
    versionId: version!.id,
    campaignId: campaign.id,
    endpointId: endpoint.id,
    userId: reviewer.user!.id,
    id: seeded.experimentId,
    project: projectId,
  };
  return { admin, projectId, token, ids, secrets, runId };
}
