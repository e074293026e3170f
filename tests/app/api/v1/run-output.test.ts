import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experiments, jobs, runArtifacts, runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { createMlflowRun, updateMlflowRun } from "@/server/services/mlflow";
import { ensureDefaultProject } from "@/server/services/projects";
import { runWorkDir } from "@/server/services/runs/work-dir";
import { tarEntry, tarOf } from "@/tests/helpers/archive";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, toChatJsonl } from "@/tests/helpers/domain";
import { responseValidator } from "./openapi-check";
import { apiToken, useApi } from "./setup";

// PUT /api/v1/runs/{id}/adapter: an external run's adapter or model folder uploaded as a tar or
// tar.gz archive. Every hostile archive is a 400 naming the entry, and leaves nothing behind: no
// file in the run's folder, no artifact, no evaluation job.
let t: TestDb;
let restore: () => void;
let ctx: DomainCtx;
let experimentId: string;
const tokens = {} as Record<"member" | "readOnly", string>;
const check = responseValidator();

/** A safetensors file holding no tensors: the 8-byte header length, then the header. */
const SAFETENSORS = `${String.fromCharCode(2, 0, 0, 0, 0, 0, 0, 0)}{}`;
const file = (name: string, data: string) => tarEntry(name, "0", data);
const adapterFiles = (prefix = "") => [
  file(`${prefix}adapter_config.json`, '{"peft_type": "LORA", "r": 4}'),
  file(`${prefix}adapter_model.safetensors`, SAFETENSORS),
];
const modelFiles = (prefix = "") => [
  file(`${prefix}config.json`, '{"model_type": "qwen2"}'),
  file(`${prefix}tokenizer.json`, "{}"),
  file(`${prefix}model.safetensors`, SAFETENSORS),
];

beforeAll(async () => {
  process.env.TUNEBENCH_RUNS_DIR = mkdtempSync(path.join(tmpdir(), "tb-runs-"));
  t = await createTestDb();
  restore = useApi(t.db);
  tokens.member = await apiToken(t.db, "member", ["read", "write"]);
  tokens.readOnly = await apiToken(t.db, "member", ["read"]);
  ctx = { db: t.db, projectId: (await ensureDefaultProject(t.db)).id, user: null };
  const ds = await call("POST", "/datasets", {
    json: {
      name: "dates",
      trainJsonl: toChatJsonl(dateExamples(4)),
      evalJsonl: toChatJsonl(dateExamples(2, 100)),
    },
  });
  const exp = await call("POST", "/experiments", {
    json: {
      name: "external",
      baseModel: "tiny-model",
      datasetVersionId: (ds.body as { versionId: string }).versionId,
      grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
      evalSuite: { metrics: ["chrf"], primaryMetric: "chrf" },
    },
  });
  experimentId = (exp.body as { id: string }).id;
});
afterAll(async () => {
  restore?.();
  await t?.close();
});

async function call(
  method: string,
  url: string,
  opts: { json?: unknown; bytes?: Buffer; token?: string } = {},
) {
  const { dispatch } = await import("./route-table");
  const res = await dispatch(
    new Request(`http://localhost/api/v1${url}`, {
      method,
      headers: {
        authorization: `Bearer ${opts.token ?? tokens.member}`,
        ...(opts.json ? { "content-type": "application/json" } : {}),
      },
      body: opts.json ? JSON.stringify(opts.json) : opts.bytes && new Uint8Array(opts.bytes),
    }),
  );
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body, error: (body.error as { message?: string })?.message };
}

async function finishedExternalRun(name: string) {
  const { run } = await createMlflowRun({
    ctx,
    input: { experiment_id: experimentId, run_name: name, tags: [] },
  });
  await updateMlflowRun({ ctx, input: { run_id: run.info.run_id, status: "FINISHED" } });
  return run.info.run_id;
}

const upload = (runId: string, bytes: Buffer, token?: string) =>
  call("PUT", `/runs/${runId}/adapter`, { bytes, token });

async function leftBehind(runId: string) {
  const dir = runWorkDir(runId);
  const files = existsSync(dir) ? readdirSync(dir, { recursive: true }) : [];
  const artifacts = await t.db.select().from(runArtifacts).where(eq(runArtifacts.runId, runId));
  const evaluations = (await t.db.select().from(jobs)).filter(
    (j) => (j.payload as { runId?: string }).runId === runId,
  );
  return { files, artifacts: artifacts.length, jobs: evaluations.length };
}

describe("PUT /api/v1/runs/{id}/adapter", () => {
  it("attaches a PEFT adapter (tar.gz, files at the root) and requests the evaluation", async () => {
    const runId = await finishedExternalRun("adapter");
    const { gzipSync } = await import("node:zlib");
    const res = await upload(runId, gzipSync(tarOf(...adapterFiles("./"))));
    expect(res.status).toBe(202);
    expect(check("put", "/runs/{id}/adapter", 202, res.body)).toEqual([]);
    expect(res.body).toMatchObject({ runId, layout: "adapter", fetchJobId: null });
    expect(res.body.evaluation).toMatchObject({ runId, created: true, evaluated: false });
    const output = path.join(runWorkDir(runId), "output");
    expect(readdirSync(output).sort()).toEqual([
      "adapter_config.json",
      "adapter_model.safetensors",
    ]);
    expect(readFileSync(path.join(output, "adapter_model.safetensors"), "latin1")).toBe(
      SAFETENSORS,
    );
    const [artifact] = await t.db.select().from(runArtifacts).where(eq(runArtifacts.runId, runId));
    expect(artifact).toMatchObject({ kind: "adapter", path: output });
    // The scratch folder is gone: the run's folder holds the output only.
    expect(readdirSync(runWorkDir(runId))).toEqual(["output"]);
  });

  it("attaches a model folder packed inside one folder (plain tar)", async () => {
    const runId = await finishedExternalRun("model");
    const res = await upload(runId, tarOf(tarEntry("my-model/", "5"), ...modelFiles("my-model/")));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ layout: "model" });
    expect(readdirSync(path.join(runWorkDir(runId), "output")).sort()).toEqual([
      "config.json",
      "model.safetensors",
      "tokenizer.json",
    ]);
  });

  it("refuses every hostile or incomplete archive with a 400 naming it, leaving nothing", async () => {
    const runId = await finishedExternalRun("hostile");
    const cases: [string, Buffer, RegExp][] = [
      ["traversal", tarOf(...adapterFiles(), file("../evil", "x")), /"\.\.\/evil".*'\.\.'/],
      ["nested traversal", tarOf(file("a/../../evil", "x")), /climbs out/],
      ["absolute path", tarOf(file("/tmp/evil", "x"), ...adapterFiles()), /absolute path/],
      ["symlink", tarOf(...adapterFiles(), tarEntry("link", "2", "", "/etc/passwd")), /Symbolic/],
      ["hard link", tarOf(...adapterFiles(), tarEntry("hard", "1", "", "/etc/passwd")), /Link/],
      ["device", tarOf(tarEntry("tty", "3"), ...adapterFiles()), /CharacterDevice/],
      ["fifo", tarOf(...adapterFiles(), tarEntry("pipe", "6")), /FIFO/],
      ["twice", tarOf(...adapterFiles(), ...adapterFiles()), /the same path twice/],
      ["missing weights", tarOf(adapterFiles()[0]!), /needs adapter_model\.safetensors/],
      ["neither", tarOf(file("README.md", "hi")), /neither a PEFT adapter/],
      ["model without weights", tarOf(...modelFiles().slice(0, 2)), /\*\.safetensors/],
      [
        "cut safetensors",
        tarOf(adapterFiles()[0]!, file("adapter_model.safetensors", "\u0040")),
        /not a safetensors file/,
      ],
      ["not an archive", Buffer.from("hello, not a tar file at all".repeat(40)), /tar/],
      [
        "cut gzip",
        (await import("node:zlib")).gzipSync(tarOf(...adapterFiles())).subarray(0, 40),
        /tar/,
      ],
    ];
    for (const [what, bytes, message] of cases) {
      const res = await upload(runId, bytes);
      expect([what, res.status, res.error]).toEqual([what, 400, expect.stringMatching(message)]);
      expect(await leftBehind(runId)).toEqual({ files: [], artifacts: 0, jobs: 0 });
    }
  });

  it("enforces the size and file-count limits", async () => {
    const runId = await finishedExternalRun("large");
    const saved = { ...process.env };
    try {
      process.env.TUNEBENCH_ATTACH_MAX_BYTES = "1000";
      const big = tarOf(...adapterFiles(), file("blob.bin", "x".repeat(2000)));
      expect((await upload(runId, big)).error).toMatch(/more than 1000 bytes/);
      process.env.TUNEBENCH_ATTACH_MAX_BYTES = "";
      process.env.TUNEBENCH_ATTACH_MAX_FILES = "2";
      const many = tarOf(...adapterFiles(), file("notes.txt", "x"));
      expect((await upload(runId, many)).error).toMatch(/more than 2 files/);
    } finally {
      process.env.TUNEBENCH_ATTACH_MAX_BYTES = saved.TUNEBENCH_ATTACH_MAX_BYTES ?? "";
      process.env.TUNEBENCH_ATTACH_MAX_FILES = saved.TUNEBENCH_ATTACH_MAX_FILES ?? "";
    }
    expect(await leftBehind(runId)).toEqual({ files: [], artifacts: 0, jobs: 0 });
  });

  it("takes only finished external runs, from members with the write scope", async () => {
    const archive = tarOf(...adapterFiles());
    const runId = await finishedExternalRun("roles");
    expect((await upload(runId, archive, tokens.readOnly)).status).toBe(403);
    expect((await upload("no-such-run", archive)).status).toBe(404);
    const [gridRun] = await t.db.select().from(runs).where(eq(runs.experimentId, experimentId));
    const notExternal = await upload(gridRun!.id, archive);
    expect([notExternal.status, notExternal.error]).toEqual([
      400,
      expect.stringMatching(/Only an external run/),
    ]);
    const { run } = await createMlflowRun({
      ctx,
      input: { experiment_id: experimentId, run_name: "still running", tags: [] },
    });
    const running = await upload(run.info.run_id, archive);
    expect([running.status, running.error]).toEqual([
      400,
      expect.stringMatching(/running: attach its output once/),
    ]);
    expect(await leftBehind(runId)).toEqual({ files: [], artifacts: 0, jobs: 0 });
  });
});

describe("PUT /api/v1/experiments/{id}/evaluation", () => {
  it("sets an MLflow-created experiment's target for write tokens; 400 names the field", async () => {
    const { createMlflowExperiment } = await import("@/server/services/mlflow");
    const { experiment_id: id } = await createMlflowExperiment({
      ctx,
      input: { name: "from mlflow over REST" },
    });
    const [source] = await t.db
      .select({ versionId: experiments.datasetVersionId })
      .from(experiments)
      .where(eq(experiments.id, experimentId));
    const body = {
      baseModel: "tiny-model",
      datasetVersionId: source!.versionId,
      evalSuite: { metrics: ["chrf"], primaryMetric: "chrf" },
    };
    const url = `/experiments/${id}/evaluation`;
    expect((await call("PUT", url, { json: body, token: tokens.readOnly })).status).toBe(403);
    const bad = await call("PUT", url, { json: { ...body, evalSuite: { metrics: [] } } });
    expect([bad.status, bad.error]).toEqual([400, expect.stringMatching(/evalSuite/)]);
    const ok = await call("PUT", url, { json: body });
    expect(ok.status).toBe(200);
    expect(check("put", "/experiments/{id}/evaluation", 200, ok.body)).toEqual([]);
    expect(
      (await call("PUT", `/experiments/${experimentId}/evaluation`, { json: body })).status,
    ).toBe(400);
  });
});
