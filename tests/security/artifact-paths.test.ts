import { createHmac } from "node:crypto";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runArtifacts, runLogs, runs } from "@/drizzle/schema";
import { handleGenericHook } from "@/server/services/hooks";
import { ingestEvents } from "@/server/services/runs/ingest-events";
import { rotateSecret, updateSettings } from "@/server/services/settings";
import { apiToken, useApi } from "@/tests/app/api/v1/setup";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { hookFixture } from "@/tests/server/services/hooks/helpers";

// Issue #12, finding 1: an artifact path reported through the generic hook was stored as the run's
// adapter and served by GET /api/runs/{id}/artifact without a check, so a hook secret holder could
// make the server hand any member /etc/passwd or the data folder's secret-key.

const data = mkdtempSync(path.join(tmpdir(), "tb-artifacts-"));
const SECRET_KEY = path.join(data, "secret-key");
const KEY_CONTENT = "the-data-folder-secret-key";
process.env.TUNEBENCH_RUNS_DIR = path.join(data, "runs");

let t: TestDb;
let fx: Awaited<ReturnType<typeof hookFixture>>;
let secret: string;
let readToken: string;
let restore: () => void;
const runDir = (runId: string) => path.join(data, "runs", runId);

/** A real adapter folder in the run's folder, as the local worker leaves it. */
function adapterIn(runId: string, name = "adapter") {
  const dir = path.join(runDir(runId), name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "adapter_config.json"), '{"r":8}');
  writeFileSync(path.join(dir, "adapter_model.safetensors"), "weights");
  return dir;
}

beforeAll(async () => {
  writeFileSync(SECRET_KEY, KEY_CONTENT);
  t = await createTestDb();
  fx = await hookFixture(t.db, { runCount: 8 });
  secret = (await rotateSecret(t.db, fx.projectId, "hooks.generic")).secret;
  for (const id of fx.runIds) mkdirSync(runDir(id), { recursive: true });
  restore = useApi(t.db);
  readToken = await apiToken(t.db, "member", ["read"], fx.projectId);
});
afterAll(async () => {
  restore?.();
  await t?.close();
});

function deliver(runId: string, artifact: string, deliveryId = `d-${Math.random()}`) {
  const body = JSON.stringify({ deliveryId, runId, status: "succeeded", artifact });
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v1=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`;
  return handleGenericHook(
    t.db,
    new Request("http://localhost/api/hooks/generic/x", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-tunebench-timestamp": String(ts),
        "x-tunebench-signature": sig,
      },
      body,
    }),
    fx.projectId,
  );
}

async function download(runId: string) {
  const { GET } = await import("@/app/api/runs/[id]/artifact/route");
  const res = await GET(
    new Request(`http://localhost/api/runs/${runId}/artifact`, {
      headers: { authorization: `Bearer ${readToken}` },
    }),
    { params: Promise.resolve({ id: runId }) },
  );
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()).toString("latin1") };
}

describe("artifact locations reported through the generic hook", () => {
  const escapes: [string, (runId: string) => string][] = [
    ["an absolute path elsewhere", () => "/etc/passwd"],
    ["the data folder's secret-key by absolute path", () => SECRET_KEY],
    ["a relative ../ path", () => "../../secret-key"],
    ["a deep relative ../ path", () => "../../../../../../../../etc/passwd"],
    [
      "an absolute path that climbs out of the run's folder",
      (id) => `${runDir(id)}/../../secret-key`,
    ],
    ["a percent-encoded ../", () => "..%2F..%2Fsecret-key"],
    ["percent-encoded dots", () => "%2e%2e/%2e%2e/secret-key"],
    ["a file:// URI", () => `file://${SECRET_KEY}`],
    ["an s3:// URI while the project has no bucket", () => "s3://someone-elses/adapter"],
    [
      "a symlink in the run's folder that points out of it",
      (id) => {
        symlinkSync(SECRET_KEY, path.join(runDir(id), "innocent"));
        return "innocent";
      },
    ],
    [
      "a folder symlink in the run's folder that points out of it",
      (id) => {
        symlinkSync(data, path.join(runDir(id), "up"));
        return "up/secret-key";
      },
    ],
  ];

  it.each(escapes)(
    "refuses %s with a 400 naming the field, and stores nothing",
    async (_, make) => {
      const runId = fx.runIds[0]!;
      const res = await deliver(runId, make(runId));
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error).toMatch(/artifact/);
      expect(await t.db.$count(runArtifacts, eq(runArtifacts.runId, runId))).toBe(0);
      const [run] = await t.db.select().from(runs).where(eq(runs.id, runId));
      expect(run!.status).toBe("queued");
    },
  );

  it("accepts an adapter folder inside the run's folder, relative or absolute", async () => {
    const [a, b] = [fx.runIds[1]!, fx.runIds[2]!];
    adapterIn(a);
    const abs = adapterIn(b);
    expect((await deliver(a, "adapter")).status).toBe(200);
    expect((await deliver(b, abs)).status).toBe(200);
    const [stored] = await t.db.select().from(runArtifacts).where(eq(runArtifacts.runId, a));
    expect(stored!.path).toBe(path.join(runDir(a), "adapter"));
  });

  it("accepts s3:// in the project's bucket only", async () => {
    await updateSettings(t.db, fx.projectId, null, { sagemaker: { bucket: "tb-artifacts" } });
    const runId = fx.runIds[3]!;
    expect((await deliver(runId, "s3://other-bucket/adapter/")).status).toBe(400);
    expect((await deliver(runId, "s3://tb-artifacts/adapters/x/")).status).toBe(200);
  });
});

describe("GET /api/runs/{id}/artifact re-checks the location", () => {
  it("serves an adapter inside the run's folder, its PEFT files only", async () => {
    const runId = fx.runIds[1]!; // accepted above
    writeFileSync(path.join(runDir(runId), "adapter", "optimizer.pt"), "optimizer state");
    const res = await download(runId);
    expect(res.status).toBe(200);
    expect(res.body).toContain("adapter_config.json");
    expect(res.body).toContain("weights");
    expect(res.body).not.toContain("optimizer");
  });

  it.each([
    ["/etc/passwd", "root:"],
    [SECRET_KEY, KEY_CONTENT],
  ])("never serves %s stored as an artifact before the fix", async (stored, content) => {
    const runId = fx.runIds[4]!;
    await t.db
      .insert(runArtifacts)
      .values({ runId, kind: "adapter", path: stored })
      .onConflictDoUpdate({
        target: [runArtifacts.runId, runArtifacts.kind],
        set: { path: stored },
      });
    const res = await download(runId);
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/outside the run's folder/);
    expect(res.body).not.toContain(content);
  });

  it("never follows a symlink planted in the adapter folder after the report", async () => {
    const runId = fx.runIds[5]!;
    const dir = adapterIn(runId);
    expect((await deliver(runId, "adapter")).status).toBe(200);
    const weights = path.join(dir, "adapter_model.safetensors");
    const { rmSync } = await import("node:fs");
    rmSync(weights);
    symlinkSync(SECRET_KEY, weights);
    const res = await download(runId);
    expect(res.status).toBe(200);
    expect(res.body).toContain("adapter_config.json");
    expect(res.body).not.toContain("adapter_model.safetensors");
    expect(res.body).not.toContain(KEY_CONTENT);
  });

  it("never serves an adapter folder that was swapped for a symlink out of the run's folder", async () => {
    const runId = fx.runIds[6]!;
    adapterIn(runId);
    expect((await deliver(runId, "adapter")).status).toBe(200);
    const { renameSync } = await import("node:fs");
    renameSync(path.join(runDir(runId), "adapter"), path.join(runDir(runId), "old"));
    symlinkSync(data, path.join(runDir(runId), "adapter"));
    writeFileSync(path.join(data, "adapter_config.json"), KEY_CONTENT);
    const res = await download(runId);
    expect(res.status).toBe(403);
    expect(res.body).not.toContain(KEY_CONTENT);
  });
});

describe("backend events", () => {
  it("do not store an adapter outside the run's folder; the run fails saying why", async () => {
    const runId = fx.runIds[7]!;
    const ref = { backend: "local" as const, id: "x", cursor: null, state: {} };
    await t.db.update(runs).set({ status: "running" }).where(eq(runs.id, runId));
    await ingestEvents(t.db, runId, [
      { event: { type: "completed", time: 1, step: 1, adapterPath: "/etc" }, seq: 1, ref },
    ]);
    expect(await t.db.$count(runArtifacts, eq(runArtifacts.runId, runId))).toBe(0);
    const [run] = await t.db.select().from(runs).where(eq(runs.id, runId));
    expect(run!.status).toBe("failed");
    expect(run!.error).toMatch(/adapter/);
    expect(await t.db.$count(runLogs, eq(runLogs.runId, runId))).toBeGreaterThan(0);
  });
});
