/** numpy default_rng (SeedSequence + PCG64) port against numpy itself. */
import { beforeAll, describe, expect, it } from "vitest";
import { defaultRng } from "@/evals/rng";
import { hasOracle, runOracle } from "./oracle";

describe("defaultRng(12345) (docs evals.md §4.4)", () => {
  it("has numpy's seeded state and first output", () => {
    expect(defaultRng(12345).stateString()).toBe("33261208707367790463622745601869196757");
    expect(defaultRng(12345).nextUint64()).toBe(4193609425186963869n);
  });
  it("rejects seeds numpy would treat differently", () => {
    expect(() => defaultRng(-1)).toThrow(/non-negative safe integer/);
    expect(() => defaultRng(1.5)).toThrow(/non-negative safe integer/);
  });
});

const seeds = [0, 1, 42, 12345, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER];
const choice = seeds.flatMap((seed) =>
  [1, 2, 3, 10, 3004, 100000, 2 ** 31 + 11, 2 ** 32 - 1].map((n) => ({
    kind: "rng_choice",
    seed,
    n,
    size: 257,
  })),
);
const bools = seeds.map((seed) => ({ kind: "rng_bool", seed, size: 333 }));
const states = seeds.map((seed) => ({ kind: "rng_state", seed }));

describe.skipIf(!hasOracle)("against numpy", () => {
  let want: unknown[];
  beforeAll(() => {
    want = runOracle([...choice, ...bools, ...states]);
  });
  it("choice(n, size, replace=True) draws the same indices", () => {
    choice.forEach((c, i) => {
      const r = defaultRng(c.seed);
      expect(
        Array.from({ length: c.size }, () => r.below(c.n)),
        JSON.stringify(c),
      ).toEqual(want[i]);
    });
  });
  it("integers(2, dtype=bool) draws the same mask", () => {
    bools.forEach((c, i) => {
      const r = defaultRng(c.seed);
      expect(
        Array.from({ length: c.size }, () => (r.nextBool() ? 1 : 0)),
        JSON.stringify(c),
      ).toEqual(want[choice.length + i]);
    });
  });
  it("seeds PCG64 like SeedSequence for small and multi-word seeds", () => {
    states.forEach((c, i) => {
      const r = defaultRng(c.seed);
      const state = r.stateString();
      expect([state, r.nextUint64().toString()], JSON.stringify(c)).toEqual(
        want[choice.length + bools.length + i],
      );
    });
  });
});
