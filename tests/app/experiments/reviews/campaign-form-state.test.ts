import { describe, expect, test } from "vitest";
import {
  campaignErrors,
  criterionKey,
  defaultForm,
  toCreateInput,
} from "@/app/experiments/[id]/reviews/_components/campaign-form-state";
import { CreateCampaignInput } from "@/server/schemas/reviews";

describe("new campaign form", () => {
  test("a filled pairwise form converts to input the server's schema accepts", () => {
    const f = {
      ...defaultForm(),
      name: "Blind A/B",
      runIds: ["r1", "r2", "r3"],
      sampleSize: 6,
      reviewerIds: ["u1", "u2"],
      reservationMinutes: 2,
    };
    expect(campaignErrors("exp1", f)).toEqual({});
    const input = toCreateInput("exp1", f);
    const parsed = CreateCampaignInput.parse(input);
    expect(parsed).toMatchObject({
      experimentId: "exp1",
      mode: "pairwise",
      runIds: ["r1", "r2", "r3"],
      sampleSize: 6,
      reviewersPerItem: 2,
      reservationSeconds: 120,
      reviewerIds: ["u1", "u2"],
      sampling: { kind: "random", seed: 1 },
    });
    expect(parsed.rubric).toBeUndefined();
    expect(parsed.topK).toBeUndefined();
  });

  test("a rubric form sends criteria with keys derived from their labels, and top K instead of runs", () => {
    const f = {
      ...defaultForm(),
      name: "Rubric",
      mode: "rubric" as const,
      runsBy: "topK" as const,
      topK: 2,
      sampling: "stratified" as const,
      stratifyBy: "baseline-correct" as const,
    };
    const parsed = CreateCampaignInput.parse(toCreateInput("exp1", f));
    expect(parsed.topK).toBe(2);
    expect(parsed.runIds).toBeUndefined();
    expect(parsed.sampling).toEqual({
      kind: "stratified",
      seed: 1,
      stratifyBy: "baseline-correct",
    });
    expect(parsed.rubric?.criteria.map((c) => c.key)).toEqual(["correctness", "fluency"]);
    expect(parsed.rubric?.criteria[0]?.labels).toHaveLength(5);
  });

  test("problems are the server schema's, each on its field", () => {
    expect(campaignErrors("exp1", defaultForm())).toEqual({
      name: "Give the campaign a name",
      runIds: "Pick the runs to review",
    });
    const one = { ...defaultForm(), name: "x", runIds: ["r1"] };
    expect(campaignErrors("exp1", one)).toEqual({
      runIds: "Pairwise review needs at least two runs",
    });
    const numbers = { ...one, runIds: ["r1", "r2"], sampleSize: Number.NaN, reservationMinutes: 0 };
    expect(campaignErrors("exp1", numbers)).toEqual({
      sampleSize: "The sample size must be a number",
      reservationSeconds: "A reservation lasts at least 10 seconds",
    });
    const rubric = {
      ...defaultForm(),
      name: "x",
      mode: "rubric" as const,
      runIds: ["r1"],
      criteria: [
        {
          key: "",
          label: "Tone",
          labels: ["a", "b", "", "d", "e"] as [string, string, string, string, string],
        },
      ],
    };
    expect(campaignErrors("exp1", rubric)).toEqual({
      "rubric.criteria.0.labels.2": "Each scale label needs text",
    });
    const dup = {
      ...rubric,
      criteria: [
        {
          ...rubric.criteria[0]!,
          labels: ["a", "b", "c", "d", "e"] as [string, string, string, string, string],
        },
        {
          ...rubric.criteria[0]!,
          label: "tone",
          labels: ["a", "b", "c", "d", "e"] as [string, string, string, string, string],
        },
      ],
    };
    expect(campaignErrors("exp1", dup)).toEqual({
      "rubric.criteria": "Criterion keys must be unique (two criteria have the same name)",
    });
  });

  test("criterion keys are what the schema allows", () => {
    expect(criterionKey("Helpfulness (overall)")).toBe("helpfulness_overall");
    expect(criterionKey("2nd-pass quality")).toBe("nd_pass_quality");
    expect(criterionKey("!!!")).toBe("criterion");
  });
});
