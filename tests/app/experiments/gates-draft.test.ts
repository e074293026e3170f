import { describe, expect, it } from "vitest";
import { toGateSpecs } from "@/app/experiments/_components/gates-draft";
import { EvalSuite } from "@/server/schemas/experiments";

describe("toGateSpecs (new-experiment form → EvalSuite.gates)", () => {
  it("turns rows into gate specs the server schema accepts, skipping rows without a number", () => {
    const gates = toGateSpecs([
      { metric: "accuracy", kind: "min", threshold: "80" },
      { metric: "chrf", kind: "maxDrop", threshold: "1.5" },
      { metric: "chrf", kind: "min", threshold: "" },
      { metric: "chrf", kind: "min", threshold: "abc" },
    ]);
    expect(gates).toEqual([
      { metric: "accuracy", min: 80 },
      { metric: "chrf", maxDrop: 1.5, baseline: "baseline" },
    ]);
    const suite = EvalSuite.parse({
      metrics: ["accuracy", "chrf"],
      primaryMetric: "accuracy",
      gates,
    });
    expect(suite.gates).toEqual([
      { metric: "accuracy", min: 80, baseline: "baseline", alpha: 0.05 },
      { metric: "chrf", maxDrop: 1.5, baseline: "baseline", alpha: 0.05 },
    ]);
  });
});
