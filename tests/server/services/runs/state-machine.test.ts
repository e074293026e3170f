import { describe, expect, it } from "vitest";
import { RUN_STATUSES } from "@/core/enums";
import { assertTransition, canTransition } from "@/server/services/runs/state-machine";

describe("run state machine", () => {
  it("follows queued → submitted → running → succeeded → evaluating → evaluated", () => {
    const path = [
      "queued",
      "submitted",
      "running",
      "succeeded",
      "evaluating",
      "evaluated",
    ] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it("refuses skipping, going back and leaving final states", () => {
    expect(canTransition("queued", "running")).toBe(false);
    expect(canTransition("running", "queued")).toBe(false);
    expect(canTransition("succeeded", "evaluated")).toBe(false);
    expect(canTransition("evaluating", "succeeded")).toBe(false);
    for (const to of RUN_STATUSES) {
      expect(canTransition("evaluated", to)).toBe(false);
      expect(canTransition("cancelled", to)).toBe(false);
      expect(canTransition("failed", to)).toBe(false);
    }
    expect(() => assertTransition("cancelled", "running")).toThrow(
      /cannot go from cancelled to running/,
    );
  });

  it("lets active runs fail or be cancelled", () => {
    for (const from of ["queued", "submitted", "running"] as const) {
      expect(canTransition(from, "failed")).toBe(true);
      expect(canTransition(from, "cancelled")).toBe(true);
    }
    expect(canTransition("succeeded", "cancelled")).toBe(false);
  });
});
