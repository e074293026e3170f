import { describe, expect, it } from "vitest";
import { describeGate } from "@/cli/gate";
import { GateSpec } from "@/server/schemas/gates";

describe("describeGate", () => {
  it("says what each kind of check asks, perplexity's rise included", () => {
    expect(describeGate(GateSpec.parse({ metric: "chrf", min: 40, maxDrop: 2 }))).toEqual([
      "chrf ≥ 40",
      "chrf drops at most 2 below the baseline (unless not significant at α 0.05)",
    ]);
    expect(
      describeGate(GateSpec.parse({ metric: "retention:perplexity", maxRise: 10, alpha: 0.01 })),
    ).toEqual([
      "retention:perplexity rises at most 10% above the baseline (unless not significant at α 0.01)",
    ]);
  });
});
