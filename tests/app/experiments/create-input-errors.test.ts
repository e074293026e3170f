import { describe, expect, test } from "vitest";
import { errorAt, schemaErrors, serverErrors } from "@/app/_components/field-errors";
import { DEFAULT_DEVICES } from "@/app/experiments/_components/devices-field";
import { suiteErrorAt } from "@/app/experiments/_components/eval-suite-picker";
import { toCreateInput } from "@/app/experiments/_components/to-create-input";
import { CreateExperimentInput, EvalSuite } from "@/server/schemas/experiments";
import { checkSuiteRules } from "@/server/services/experiments/check-suite-rules";

const form = {
  name: "sweep",
  baseModel: "/models/tiny",
  datasetVersionId: "v1",
  grid: { learningRate: [1e-4], loraRank: [8], epochs: [1] },
  training: { maxSteps: "", batchSize: 4, maxSeqLen: 512, devices: DEFAULT_DEVICES },
  method: {
    objective: ["sft" as const],
    parameters: ["lora" as const],
    dpoBeta: 0.1,
    initFromRunId: "",
  },
  suite: {
    metrics: ["accuracy" as const],
    primary: "accuracy" as const,
    maxNewTokens: 32,
    temperature: 0,
  },
};

describe("the new-experiment form, checked with experiments.create's schema", () => {
  test("a filled form has no errors", () => {
    expect(schemaErrors(CreateExperimentInput, toCreateInput(form))).toEqual({});
  });

  test("each problem is keyed by the field it belongs to, in the server's words", () => {
    const errors = schemaErrors(
      CreateExperimentInput,
      toCreateInput({
        ...form,
        name: " ",
        datasetVersionId: "",
        training: { maxSteps: "0", batchSize: 0, maxSeqLen: 512, devices: DEFAULT_DEVICES },
        suite: { ...form.suite, metrics: [] },
      }),
    );
    expect(errors).toEqual({
      name: "Give the experiment a name",
      datasetVersionId: "Choose a dataset",
      "training.batchSize": "batch size must be at least 1",
      "training.maxSteps": "max steps must be at least 1",
      "evalSuite.metrics": "Pick at least one metric",
      "evalSuite.primaryMetric": "The primary metric must be one of the chosen metrics",
    });
    expect(errorAt(errors, "evalSuite")).toBe("Pick at least one metric");
  });

  test("nf4 beside a parameters axis that trains without it is refused on grid.parameters", () => {
    const input = toCreateInput({
      ...form,
      grid: { ...form.grid, parameters: ["qlora", "full"] },
      method: { ...form.method, dpoBeta: 0, initFromRunId: "" },
    });
    const errors = schemaErrors(CreateExperimentInput, {
      ...input,
      training: { ...input.training, quantization: "nf4" },
    });
    expect(errors["grid.parameters"]).toMatch(/parameters "full" trains without NF4/);
    expect(errors["training.dpo.beta"]).toBeUndefined(); // dpo not ticked: its beta is not sent
    const onlyQlora = { ...input, grid: { ...input.grid, parameters: ["qlora"] } };
    expect(
      schemaErrors(CreateExperimentInput, {
        ...onlyQlora,
        training: { ...input.training, quantization: "nf4" },
      }),
    ).toEqual({});
    const dpo = toCreateInput({
      ...form,
      method: { objective: ["dpo"], parameters: ["lora"], dpoBeta: 0, initFromRunId: "" },
    });
    expect(schemaErrors(CreateExperimentInput, dpo)["training.dpo.beta"]).toBe(
      "DPO beta must be positive",
    );
  });

  test("a run to start from is sent as training.initFromRunId, and left out when empty", () => {
    const after = toCreateInput({ ...form, method: { ...form.method, initFromRunId: "run-1" } });
    expect(after.training).toMatchObject({ initFromRunId: "run-1" });
    expect(toCreateInput(form).training).not.toHaveProperty("initFromRunId");
    expect(schemaErrors(CreateExperimentInput, after)).toEqual({});
  });

  test("a refusal from the server (its zod issues) lands on the same fields", () => {
    const r = CreateExperimentInput.safeParse({ ...toCreateInput(form), baseModel: "" });
    expect(serverErrors({ message: JSON.stringify(r.error!.issues) })).toEqual({
      baseModel: "Choose a base model",
    });
    expect(serverErrors({ message: "Dataset version not found" })).toEqual({});
  });

  test("rules typed as JSON: a rule's metric can be primary; a bad rule is named by index and field", () => {
    const withRules = (rulesText: string, primary = "rule:dated") =>
      schemaErrors(
        CreateExperimentInput,
        toCreateInput({ ...form, suite: { ...form.suite, primary, rulesText } }),
      );
    expect(withRules('[{ "kind": "regex", "name": "dated", "pattern": "[0-9]{4}" }]')).toEqual({});
    const notJson = withRules("[{ kind: regex }]");
    expect(suiteErrorAt(notJson, "rules")).toMatch(/^rules: /);
    const noBounds = withRules('[{ "kind": "lengthBounds", "name": "dated", "unit": "words" }]');
    expect(suiteErrorAt(noBounds, "rules")).toBe("rules.0.min: give min, max or both");
    expect(withRules("", "rule:dated")).toEqual({
      "evalSuite.primaryMetric": expect.stringMatching(/no rule named "dated"/),
    });
  });

  test("the server's RE2 verdict on a pattern lands on the rule's field", () => {
    const suite = EvalSuite.parse({
      metrics: ["accuracy"],
      primaryMetric: "accuracy",
      rules: [{ kind: "regex", name: "r", pattern: "(?<=a)b" }],
    });
    let message = "";
    try {
      checkSuiteRules(suite);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(suiteErrorAt(serverErrors({ message }), "rules")).toMatch(
      /^rules\.0\.pattern: not a valid RE2 pattern/,
    );
  });
});
