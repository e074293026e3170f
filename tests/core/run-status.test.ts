import { describe, expect, it } from "vitest";
import { RUN_STATUSES, type RunStatus } from "@/core/enums";
import {
  canTransition,
  DISPATCHED_STATUSES,
  FINISHED_STATUSES,
  isFinished,
  isRetry,
  isTrained,
  NOT_STARTED_STATUSES,
  nextStatuses,
  TRAINED_STATUSES,
  TRAINING_STATUSES,
  UNFINISHED_STATUSES,
  UNSUCCESSFUL_STATUSES,
} from "@/core/run-status";

const where = (p: (s: RunStatus) => boolean) => RUN_STATUSES.filter(p);
const sorted = (xs: readonly string[]) => [...xs].sort();

/** Every status reachable from `from` in one or more steps. */
function reachable(from: RunStatus): Set<RunStatus> {
  const seen = new Set<RunStatus>();
  const walk = (s: RunStatus) => {
    for (const t of nextStatuses(s)) {
      if (seen.has(t)) continue;
      seen.add(t);
      walk(t);
    }
  };
  walk(from);
  return seen;
}

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
      expect(canTransition("failed", to)).toBe(to === "evaluating"); // a retried evaluation
    }
  });

  it("lets active runs fail or be cancelled", () => {
    for (const from of ["queued", "submitted", "running"] as const) {
      expect(canTransition(from, "failed")).toBe(true);
      expect(canTransition(from, "cancelled")).toBe(true);
    }
    expect(canTransition("succeeded", "cancelled")).toBe(false);
  });
});

// The groups are written out for readers; these tie each one to the transitions, so a change to
// the machine that silently changes a group's meaning fails here.
describe("run status groups", () => {
  it("finished: no transition leads out but a person's retry", () => {
    const finished = where((s) => nextStatuses(s).every((t) => isRetry(s, t)));
    expect(sorted(FINISHED_STATUSES)).toEqual(sorted(finished));
    expect(isRetry("failed", "evaluating")).toBe(true);
  });
  it("unfinished: every other status", () => {
    expect(sorted([...UNFINISHED_STATUSES, ...FINISHED_STATUSES])).toEqual(sorted(RUN_STATUSES));
    expect(UNFINISHED_STATUSES.filter(isFinished)).toEqual([]);
  });
  it("training: the statuses a run can be cancelled from", () => {
    expect(sorted(TRAINING_STATUSES)).toEqual(sorted(where((s) => canTransition(s, "cancelled"))));
  });
  it("not started: the statuses training can still start from", () => {
    expect(sorted(NOT_STARTED_STATUSES)).toEqual(sorted(where((s) => reachable(s).has("running"))));
  });
  it("dispatched: the statuses a backend can report success from", () => {
    expect(sorted(DISPATCHED_STATUSES)).toEqual(
      sorted(where((s) => canTransition(s, "succeeded"))),
    );
  });
  it("trained: succeeded and what an evaluation leads to, failure aside", () => {
    const after = [...reachable("succeeded")].filter((s) => s !== "failed");
    expect(sorted(TRAINED_STATUSES)).toEqual(sorted(["succeeded", ...after]));
    expect(isTrained("evaluated")).toBe(true);
    expect(isTrained("running")).toBe(false);
  });
  it("unsuccessful: finished, but not evaluated", () => {
    expect(sorted(UNSUCCESSFUL_STATUSES)).toEqual(
      sorted(FINISHED_STATUSES.filter((s) => s !== "evaluated")),
    );
  });
  it("predicates accept strings from JSON, unknown ones included", () => {
    expect(isFinished("cancelled")).toBe(true);
    expect(isFinished("paused")).toBe(false);
  });
});
