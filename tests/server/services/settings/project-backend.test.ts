import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  backendSettings,
  getSettings,
  projectBackend,
  setSecret,
  updateSettings,
} from "@/server/services/settings";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { makeProjectCtx as makeCtx } from "@/tests/helpers/domain";
import { type FakeOpenAI, startFakeOpenAI } from "@/tests/trainers/openai/fake-openai";
import { runSpec } from "@/tests/trainers/sagemaker/helpers";

process.env.TUNEBENCH_SECRET_KEY ??= "a".repeat(64);
const makeProjectCtx = async (db: TestDb["db"], slug: string) => ({
  projectId: (await makeCtx(db, slug)).projectId!,
});
let t: TestDb;
let fake: FakeOpenAI;
const saved = { ...process.env };

beforeAll(async () => {
  t = await createTestDb();
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  process.env = saved;
  await t?.close();
  await fake?.close();
});

describe("backends configured per project", () => {
  it("uses the project's OpenAI key and base URL, so two projects reach two services", async () => {
    delete process.env.OPENAI_API_KEY;
    delete process.env.AZURE_OPENAI_ENDPOINT;
    const { projectId } = await makeProjectCtx(t.db, "oa-a");
    const { projectId: bare } = await makeProjectCtx(t.db, "oa-b");
    await expect(projectBackend(t.db, bare, "openai")).rejects.toThrow(
      /project's settings, or OPENAI_API_KEY/,
    );
    await updateSettings(t.db, projectId, null, { openai: { baseUrl: `${fake.url}/v1` } });
    await setSecret(t.db, projectId, { name: "openai.apiKey", value: "sk-project-a-key" });
    const backend = await projectBackend(t.db, projectId, "openai");
    const ref = await backend.submit(runSpec({ baseModel: "gpt-4o-mini-2024-07-18" }), {
      runId: "pa-1",
      workDir: "/tmp/unused",
    });
    expect(fake.jobs.has(ref.id)).toBe(true);
    expect(fake.requests.at(-1)!.headers.authorization).toBe("Bearer sk-project-a-key");
    const view = await getSettings(t.db, projectId);
    expect(view.openai).toEqual({ baseUrl: `${fake.url}/v1` });
    expect(view.secrets.find((s) => s.name === "openai.apiKey")).toMatchObject({
      set: true,
      hint: "sk-…-key",
    }); // prefix and last four characters only
  });

  it("generates the baseline through the project's Azure deployment of the base model", async () => {
    const { projectId } = await makeProjectCtx(t.db, "oa-azure");
    const { UpdateSettingsInput } = await import("@/server/schemas/settings");
    expect(
      UpdateSettingsInput.safeParse({ openai: { azureDeployment: "mini/../../x" } }).error?.issues,
    ).toEqual([expect.objectContaining({ path: ["openai", "azureDeployment"] })]);
    await updateSettings(
      t.db,
      projectId,
      null,
      UpdateSettingsInput.parse({
        openai: { azureEndpoint: fake.url, azureDeployment: "mini-prod" },
      }),
    );
    await setSecret(t.db, projectId, { name: "openai.apiKey", value: "azure-project-key" });
    fake.deployments.set("mini-prod", "gpt-4o-mini-2024-07-18");
    const backend = await projectBackend(t.db, projectId, "openai");
    const outputs: string[] = [];
    for await (const p of backend.generate({
      baseModel: "gpt-4o-mini-2024-07-18",
      ref: null,
      adapterPath: null,
      prompts: [{ id: "a", messages: [{ role: "user", content: "hi" }] }],
      settings: { maxNewTokens: 8, temperature: 0, topP: 1, stop: [] },
      workDir: "/tmp/unused",
    }))
      outputs.push(p.output);
    expect(outputs).toEqual(["gpt-4o-mini-2024-07-18> hi"]);
    expect(fake.requests.at(-1)).toMatchObject({
      deployment: "mini-prod",
      headers: { "api-key": "azure-project-key" },
    });
  });

  it("fills what the project leaves unset from the environment; the project's fields win", async () => {
    Object.assign(process.env, {
      TUNEBENCH_SAGEMAKER_ROLE_ARN: "arn:aws:iam::111111111111:role/Env",
      TUNEBENCH_SAGEMAKER_BUCKET: "env-bucket",
      TUNEBENCH_SAGEMAKER_REGION: "eu-west-1",
    });
    const { projectId } = await makeProjectCtx(t.db, "sm");
    expect(await backendSettings(t.db, projectId, "sagemaker")).toMatchObject({
      sagemaker: { roleArn: undefined, bucket: undefined },
    });
    await updateSettings(t.db, projectId, null, {
      sagemaker: { bucket: "project-bucket", instanceType: "ml.g5.xlarge", spot: true },
    });
    expect(await backendSettings(t.db, projectId, "sagemaker")).toMatchObject({
      sagemaker: {
        bucket: "project-bucket",
        instanceType: "ml.g5.xlarge",
        spot: { enabled: true },
      },
    });
    const backend = await projectBackend(t.db, projectId, "sagemaker");
    expect(backend.kind).toBe("sagemaker");
    expect(backend).not.toBe(
      await projectBackend(t.db, (await makeProjectCtx(t.db, "sm2")).projectId, "sagemaker"),
    );
  });

  it("rejects settings that are not what they claim to be, naming the field", async () => {
    const { projectId } = await makeProjectCtx(t.db, "bad");
    const { UpdateSettingsInput, SetSecretInput } = await import("@/server/schemas/settings");
    const r = UpdateSettingsInput.safeParse({
      sagemaker: { roleArn: "arn:aws:iam::1:user/x", region: "moon" },
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual([
      "sagemaker.roleArn",
      "sagemaker.region",
    ]);
    expect(
      SetSecretInput.safeParse({ name: "hooks.openai", value: "not-a-whsec-secret" }).success,
    ).toBe(false);
    await updateSettings(
      t.db,
      projectId,
      null,
      UpdateSettingsInput.parse({ openai: { baseUrl: "" } }),
    );
    expect((await getSettings(t.db, projectId)).openai).toEqual({});
  });
});
