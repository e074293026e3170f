import { describe, expect, it } from "vitest";
import type { RunSummary } from "@/cli/common";
import { barLine, changeLine } from "@/cli/progress";

const run = (over: Partial<RunSummary>): RunSummary => ({
  id: "r1",
  index: 1,
  name: "lr 1e-4",
  isBaseline: false,
  status: "queued",
  step: null,
  totalSteps: null,
  progress: null,
  etaSeconds: null,
  error: null,
  ...over,
});

describe("watch progress lines", () => {
  it("draws a bar with step and ETA for a running run, full for a finished one", () => {
    expect(
      barLine(
        run({ status: "running", step: 6, totalSteps: 24, progress: 0.25, etaSeconds: 90 }),
        8,
      ),
    ).toBe("lr 1e-4  [######..................]  25% running step 6/24 eta 2m");
    expect(barLine(run({ status: "evaluated", progress: 1 }), 8)).toBe(
      "lr 1e-4  [########################] 100% evaluated",
    );
    expect(
      barLine(run({ status: "failed", progress: 0.5, error: "CUDA out of memory\nstack…" }), 8),
    ).toBe("lr 1e-4  [############............]  50% failed CUDA out of memory");
  });

  it("prints a plain line only when the status or the progress decile changes", () => {
    const a = run({ status: "running", step: 1, totalSteps: 20, progress: 0.05 });
    expect(changeLine(a, undefined)).toBe("lr 1e-4 running 5% (step 1/20)");
    expect(changeLine(run({ status: "running", step: 2, totalSteps: 20, progress: 0.1 }), a)).toBe(
      "lr 1e-4 running 10% (step 2/20)",
    );
    expect(
      changeLine(run({ status: "running", step: 1, totalSteps: 20, progress: 0.06 }), a),
    ).toBeNull();
    expect(changeLine(run({ status: "succeeded", progress: 1 }), a)).toBe("lr 1e-4 succeeded");
  });
});
