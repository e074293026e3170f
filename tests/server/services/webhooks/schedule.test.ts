import { describe, expect, it } from "vitest";
import { nextAttemptAt } from "@/server/services/webhooks/schedule";

describe("outgoing webhook retry schedule", () => {
  const schedule = { maxAttempts: 8, baseMs: 10_000 };
  const delay = (failed: number, random = 0.5) =>
    nextAttemptAt(failed, schedule, 0, () => random)?.getTime() ?? null;

  it("waits base × 4^(n−1) after failed attempt n, with ±10% jitter", () => {
    expect([1, 2, 3, 4].map((n) => delay(n))).toEqual([10_000, 40_000, 160_000, 640_000]);
    expect(delay(2, 0)).toBe(36_000);
    expect(delay(2, 1)).toBe(44_000);
  });

  it("caps a wait at 10 hours and gives up after the last attempt", () => {
    expect(delay(7)).toBe(10 * 3600_000);
    expect(delay(8)).toBeNull();
    expect(nextAttemptAt(1, { maxAttempts: 1, baseMs: 1 })).toBeNull();
  });
});
