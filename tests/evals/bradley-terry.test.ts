/** Bradley–Terry against FastChat's compute_mle_elo (LogisticRegression form, in oracle.py). */
import { beforeAll, describe, expect, it } from "vitest";
import { type Battle, bradleyTerry } from "@/evals/bradley-terry";
import { mulberry32 } from "./generate";
import { hasOracle, runOracle } from "./oracle";

const battles = (spec: [string, string, Battle["winner"], number][]): Battle[] =>
  spec.flatMap(([a, b, winner, n]) => Array.from({ length: n }, () => ({ a, b, winner })));
const byModel = (r: ReturnType<typeof bradleyTerry>) =>
  Object.fromEntries(r.map((x) => [x.model, x]));

describe("worked examples (docs evals.md §7.1)", () => {
  it("A wins 3 of 4: difference 400·log10(3)", () => {
    const r = byModel(
      bradleyTerry(
        battles([
          ["A", "B", "a", 3],
          ["A", "B", "b", 1],
        ]),
      ),
    );
    expect(r.A!.rating).toBeCloseTo(1095.4243, 3);
    expect(r.B!.rating).toBeCloseTo(904.5757, 3);
    expect(r.A!.prior).toBe(false);
  });
  it("a tie is half a win for each side", () => {
    const r = byModel(
      bradleyTerry(
        battles([
          ["A", "B", "a", 2],
          ["A", "B", "tie", 1],
          ["A", "B", "b", 1],
        ]),
      ),
    );
    expect(r.A!.rating - r.B!.rating).toBeCloseTo(400 * Math.log10(2.5 / 1.5), 3);
    expect(r.A!.rating - r.B!.rating).toBeCloseTo(88.7395, 3);
  });
  it("a model that won every battle gets a finite, top rating under the documented prior", () => {
    const r = bradleyTerry(
      battles([
        ["A", "B", "a", 5],
        ["B", "C", "a", 2],
        ["C", "B", "a", 1],
      ]),
    );
    expect(r.map((x) => x.model)).toEqual(["A", "B", "C"]);
    for (const x of r) {
      expect(Number.isFinite(x.rating)).toBe(true);
      expect(x.prior).toBe(true);
    }
    expect(r.reduce((s, x) => s + x.rating, 0) / 3).toBeCloseTo(1000, 9);
  });
  it("bootstrap CIs contain the point rating and give Arena ranks", () => {
    const b = battles([
      ["A", "B", "a", 30],
      ["A", "B", "b", 10],
      ["B", "C", "a", 25],
      ["B", "C", "b", 15],
      ["A", "C", "a", 35],
      ["A", "C", "b", 5],
      ["A", "C", "tie", 4],
    ]);
    const r = bradleyTerry(b, { bootstrap: 200, seed: 1 });
    for (const x of r) {
      expect(x.ciLow!).toBeLessThanOrEqual(x.rating);
      expect(x.ciHigh!).toBeGreaterThanOrEqual(x.rating);
    }
    expect(r[0]!.model).toBe("A");
    expect(r[0]!.rank).toBe(1);
    expect(r[2]!.rank).toBeGreaterThan(1);
    expect(bradleyTerry(b, { bootstrap: 50, seed: 1 })).toEqual(
      bradleyTerry(b, { bootstrap: 50, seed: 1 }),
    );
  });
  it("bad input names the problem", () => {
    expect(() => bradleyTerry([])).toThrow(/no battles/);
    expect(() => bradleyTerry([{ a: "x", b: "x", winner: "a" }])).toThrow(
      /battles\[0\] pits "x" against itself/,
    );
    expect(() => bradleyTerry([{ a: "x", b: "y", winner: "draw" as "tie" }])).toThrow(
      /winner must be/,
    );
    expect(() => bradleyTerry([{ a: "x", b: "y", winner: "a" }], { rounds: 3 } as never)).toThrow(
      /unknown option "rounds"/,
    );
  });
});

const rnd = mulberry32(5);
const cases = Array.from({ length: 12 }, () => {
  const M = 2 + Math.floor(rnd() * 6);
  const models = Array.from({ length: M }, (_, i) => `m${i}`);
  const strength = models.map(() => rnd() * 3);
  const out: Battle[] = [];
  // A ring of mutual wins guarantees the MLE exists; random battles on top.
  for (let i = 0; i < M; i++) {
    const j = (i + 1) % M;
    if (i === j) continue;
    out.push(
      { a: models[i]!, b: models[j]!, winner: "a" },
      { a: models[i]!, b: models[j]!, winner: "b" },
    );
  }
  for (let k = 0; k < 20 + Math.floor(rnd() * 200); k++) {
    const i = Math.floor(rnd() * M);
    let j = Math.floor(rnd() * (M - 1));
    if (j >= i) j++;
    const p = 1 / (1 + Math.exp(strength[j]! - strength[i]!));
    const u = rnd();
    out.push({
      a: models[i]!,
      b: models[j]!,
      winner: u < 0.1 ? "tie" : u < 0.1 + 0.9 * p ? "a" : "b",
    });
  }
  return { kind: "bt", battles: out };
});

describe.skipIf(!hasOracle)("against FastChat compute_mle_elo", () => {
  let want: Record<string, number>[];
  beforeAll(() => {
    want = runOracle(cases);
  });
  it("equals the logistic-regression MLE within 1e-3 Elo points", () => {
    cases.forEach((c, i) => {
      const got = bradleyTerry(c.battles);
      for (const x of got) {
        expect(x.prior).toBe(false);
        expect(Math.abs(x.rating - want[i]![x.model]!), `case ${i} ${x.model}`).toBeLessThan(1e-3);
      }
    });
  });
});
