import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/server/ctx";
import { createCaller } from "@/server/root";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, toChatJsonl } from "@/tests/helpers/domain";

// What a service finds wrong beyond the input schema (an RE2 pattern, a JSON Schema) must reach a
// tRPC client as a 400 with the field, like the schema's own errors, never as a 500.
describe("experiments.create through tRPC", () => {
  let t: TestDb;
  let member: Ctx;
  beforeAll(async () => {
    t = await createTestDb();
    member = await createTestCtx(t.db, { role: "member" });
  });
  afterAll(() => t.close());

  it("answers a rule the server refuses with BAD_REQUEST naming its field", async () => {
    const api = createCaller(member);
    const ds = await api.datasets.upload({
      name: "dates",
      trainJsonl: toChatJsonl(dateExamples(4)),
      evalJsonl: toChatJsonl(dateExamples(2, 100)),
    });
    const create = api.experiments.create({
      name: "rules",
      baseModel: "tiny",
      datasetVersionId: ds.versionId,
      grid: { learningRate: [1e-3], loraRank: [4], epochs: [1] },
      evalSuite: {
        metrics: ["chrf"],
        primaryMetric: "chrf",
        rules: [{ kind: "regex", name: "lookbehind", pattern: "(?<=a)b" }],
      },
    });
    const error = await create.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toMatch(/evalSuite.*rules.*0.*pattern/s);
  });
});
