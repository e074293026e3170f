import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { errorAt, schemaErrors, serverErrors } from "@/app/_components/field-errors";
import { DEFAULT_DEVICES } from "@/app/experiments/_components/devices-field";
import { toCreateInput } from "@/app/experiments/_components/to-create-input";
import {
  blankDraft,
  draftOf,
  inputOf,
  type JudgeDraft,
} from "@/app/settings/_components/judges/judge-draft";
import type { Ctx } from "@/server/ctx";
import { ServiceError } from "@/server/errors";
import { CreateExperimentInput, EvalSuite } from "@/server/schemas/experiments";
import { CreateJudgeInput } from "@/server/schemas/judges";
import { resolveSuiteJudges } from "@/server/services/experiments/resolve-suite-judges";
import { createJudge } from "@/server/services/judges";
import { checkJudgeSettings } from "@/server/services/judges/check-judge";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

/** A refusal as the browser receives it from tRPC: the message and the service's details. */
async function refusal(p: Promise<unknown> | (() => unknown)) {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    return { message: e.message, data: { details: e.details } };
  }
  throw new Error("expected a refusal");
}

const draft = (p: Partial<JudgeDraft>): JudgeDraft => ({
  ...blankDraft(),
  name: "rater",
  model: "gpt-4o-mini",
  ...p,
});

describe("the judge form, checked with judges.create's schema", () => {
  test("a blank form names each missing field; a rubric's lines become criteria", () => {
    expect(schemaErrors(CreateJudgeInput, inputOf(blankDraft()))).toEqual({
      name: "name must start with a letter and use only letters, digits, _ . - (64 at most)",
      model: "Name the judge's model",
    });
    const rubric = inputOf(draft({ kind: "rubric", criteria: "facts: Facts right\n\nstyle\n" }));
    expect(rubric.template).toEqual({
      kind: "rubric",
      criteria: [
        { key: "facts", label: "Facts right" },
        { key: "style", label: "style" },
      ],
    });
    expect(schemaErrors(CreateJudgeInput, rubric)).toEqual({});
    const repeated = inputOf(draft({ kind: "rubric", criteria: "a: A\na: again" }));
    expect(errorAt(schemaErrors(CreateJudgeInput, repeated), "template")).toBe(
      "criterion keys repeat",
    );
  });

  test("prices typed in become the version's pricing; one box left empty is named", () => {
    expect(inputOf(draft({})).pricing).toBeUndefined();
    const priced = inputOf(draft({ model: "gpt-oss-20b", inputPrice: "0.2", outputPrice: "0.6" }));
    expect(priced.pricing).toEqual({ inputUsdPerMTok: 0.2, outputUsdPerMTok: 0.6 });
    expect(schemaErrors(CreateJudgeInput, priced)).toEqual({});
    expect(schemaErrors(CreateJudgeInput, inputOf(draft({ inputPrice: "0.2" })))).toEqual({
      "pricing.outputUsdPerMTok": "pricing.outputUsdPerMTok must be a number (USD per 1M tokens)",
    });
    // A local judge has no price: what was typed for an endpoint is not sent.
    expect(inputOf(draft({ provider: "local", inputPrice: "1", outputPrice: "1" })).pricing).toBe(
      undefined,
    );
    const back = draftOf({
      id: "j",
      name: "rater",
      createdAt: "",
      current: {
        version: 1,
        provider: "openai-compatible",
        model: "gpt-oss-20b",
        template: { kind: "single" },
        mode: "single",
        pricing: { inputUsdPerMTok: 0.2, outputUsdPerMTok: 0.6 },
        createdAt: "",
        createdBy: null,
      },
    });
    expect([back.inputPrice, back.outputPrice]).toEqual(["0.2", "0.6"]);
  });

  test("a custom template the server refuses lands on the template field, naming the placeholder", async () => {
    const input = inputOf(
      draft({ kind: "custom", customMode: "pairwise", customText: "{{answer}}" }),
    );
    expect(schemaErrors(CreateJudgeInput, input)).toEqual({});
    const errors = serverErrors(await refusal(() => checkJudgeSettings(input)));
    expect(Object.keys(errors)).toEqual(["template.text"]);
    expect(errorAt(errors, "template")).toMatch(/answer/);
  });
});

describe("judges in the experiment form", () => {
  let t: TestDb;
  let admin: Ctx;
  let judges: Awaited<ReturnType<typeof createJudge>>[];
  beforeAll(async () => {
    t = await createTestDb();
    admin = await createTestCtx(t.db, { role: "admin" });
    judges = [
      await createJudge({ ctx: admin, input: inputOf(draft({ kind: "single" })) }),
      await createJudge({ ctx: admin, input: inputOf(draft({ name: "duel", kind: "pairwise" })) }),
    ];
  });
  afterAll(() => t?.close());

  test("an edit form starts from the judge's current version", () => {
    const rubric = { kind: "rubric" as const, criteria: [{ key: "k", label: "K" }] };
    const j = judges[0]!;
    expect(inputOf(draftOf({ ...j, current: { ...j.current, template: rubric } }))).toEqual({
      name: "rater",
      provider: "openai-compatible",
      model: "gpt-4o-mini",
      template: rubric,
    });
  });

  const form = (suite: Partial<Parameters<typeof toCreateInput>[0]["suite"]>) =>
    toCreateInput({
      name: "sweep",
      baseModel: "/models/tiny",
      datasetVersionId: "v1",
      grid: { learningRate: [1e-4], loraRank: [8], epochs: [1] },
      training: { maxSteps: "", batchSize: 4, maxSeqLen: 512, devices: DEFAULT_DEVICES },
      method: { objective: ["sft"], parameters: ["lora"], dpoBeta: 0.1, initFromRunId: "" },
      suite: { metrics: ["chrf"], primary: "chrf", maxNewTokens: 32, temperature: 0, ...suite },
    });

  test("a single judge's metric can rank the leaderboard and gate; the server pins each judge", async () => {
    const input = form({
      primary: "judge:rater",
      judges: [
        { judgeId: judges[0]!.id, name: "rater", mode: "single", against: "baseline" },
        { judgeId: judges[1]!.id, name: "duel", mode: "pairwise", against: "baseline" },
      ],
    });
    expect(schemaErrors(CreateExperimentInput, input)).toEqual({});
    const resolved = await resolveSuiteJudges(admin, EvalSuite.parse(input.evalSuite));
    expect(resolved.primaryMetric).toBe("judge:rater");
    expect(resolved.judges).toEqual([
      { judgeId: judges[0]!.id, name: "rater", mode: "single", version: 1 },
      { judgeId: judges[1]!.id, name: "duel", mode: "pairwise", against: "baseline", version: 1 },
    ]);
    expect(
      schemaErrors(CreateExperimentInput, form({ primary: "judge:rater", judges: [] })),
    ).toEqual({
      "evalSuite.primaryMetric":
        'The primary metric must be one of the chosen metrics, rules or judges: the suite has no single-mode judge named "rater"',
    });
  });

  test("the server's refusal of a judge lands on that judge's row", async () => {
    const input = form({
      judges: [{ judgeId: judges[1]!.id, name: "duel", mode: "single", against: "baseline" }],
    });
    const errors = serverErrors(
      await refusal(resolveSuiteJudges(admin, EvalSuite.parse(input.evalSuite))),
    );
    expect(errorAt(errors, "evalSuite.judges.0")).toBe(
      "judge duel judges in pairwise mode (its template)",
    );
  });
});
