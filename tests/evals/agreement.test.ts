/** Agreement coefficients against published worked values and the reference libraries
 *  (krippendorff, scikit-learn cohen_kappa_score, statsmodels fleiss_kappa). */
import { beforeAll, describe, expect, it } from "vitest";
import { type AlphaLevel, cohenKappa, fleissKappa, krippendorffAlpha } from "@/evals/agreement";
import { mulberry32 } from "./generate";
import { hasOracle, runOracle } from "./oracle";

const _ = null;
// krippendorff package tests / Wikipedia: 3 coders x 15 units.
const WIKI = [
  [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
  [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
  [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
];
// Krippendorff (2011), 4 coders x 12 units.
const K2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];
const fromTable = (t: number[][]) => {
  const a: number[] = [],
    b: number[] = [];
  for (const [i, row] of t.entries())
    for (const [j, n] of row.entries())
      for (let k = 0; k < n; k++) {
        a.push(i);
        b.push(j);
      }
  return [a, b] as const;
};

describe("published values", () => {
  it("Krippendorff's alpha", () => {
    expect(krippendorffAlpha(WIKI, "nominal")).toBeCloseTo(0.691358, 6);
    expect(krippendorffAlpha(WIKI, "interval")).toBeCloseTo(0.810845, 6);
    expect(krippendorffAlpha(K2011, "nominal")).toBeCloseTo(0.743421052632, 9);
    expect(krippendorffAlpha(K2011, "ordinal")).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(K2011, "interval")).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(K2011, "ratio")).toBeCloseTo(0.797, 3);
  });
  it("Cohen's kappa (Artstein & Poesio; SAS)", () => {
    expect(
      cohenKappa(
        ...fromTable([
          [20, 20],
          [10, 50],
        ]),
      ),
    ).toBeCloseTo(0.3478260869, 9);
    const sas = fromTable([
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ]);
    expect(cohenKappa(...sas)).toBeCloseTo(0.4842, 4);
    expect(cohenKappa(...sas, { weights: "linear" })).toBeCloseTo(0.4701, 4);
  });
  it("Fleiss' kappa (Wikipedia, 10 subjects x 14 raters)", () => {
    const t = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(t)).toBeCloseTo(0.21, 3);
  });
  it("undefined coefficients are null, not NaN", () => {
    expect(
      krippendorffAlpha(
        [
          [1, 1],
          [1, 1],
        ],
        "nominal",
      ),
    ).toBe(1);
    expect(cohenKappa([1, 1], [1, 1])).toBeNull();
  });
  it("bad input names the problem", () => {
    expect(() => krippendorffAlpha([[1, 2], [1]], "nominal")).toThrow(
      /rater row 1 has 1 units, expected 2/,
    );
    expect(() => krippendorffAlpha([["a", "b"]], "interval")).toThrow(
      /interval level needs numbers/,
    );
    expect(() => cohenKappa([1, 2], [1])).toThrow(/rater a has 2 labels but rater b has 1/);
    expect(() =>
      fleissKappa([
        [1, 1],
        [2, 1],
      ]),
    ).toThrow(/subject 1 has 3 ratings but subject 0 has 2/);
  });
});

const rnd = mulberry32(99);
const int = (n: number) => Math.floor(rnd() * n);
const levels: AlphaLevel[] = ["nominal", "ordinal", "interval", "ratio"];
const kripp = Array.from({ length: 80 }, (_, i) => {
  const raters = 2 + int(4),
    units = 3 + int(20),
    V = 2 + int(5);
  const data = Array.from({ length: raters }, () =>
    Array.from({ length: units }, () => (rnd() < 0.2 ? null : 1 + int(V))),
  );
  return { kind: "kripp", data, level: levels[i % 4]! };
});
const cohen = Array.from({ length: 60 }, (_, i) => {
  const n = 5 + int(50),
    V = 2 + int(4);
  const a = Array.from({ length: n }, () => int(V));
  const b = a.map((x) => (rnd() < 0.6 ? x : int(V)));
  return { kind: "cohen", a, b, weights: [undefined, "linear", "quadratic"][i % 3] };
});
const fleiss = Array.from({ length: 40 }, () => {
  const raters = 2 + int(8),
    K = 2 + int(4);
  return {
    kind: "fleiss",
    table: Array.from({ length: 3 + int(20) }, () => {
      const row = new Array<number>(K).fill(0);
      for (let r = 0; r < raters; r++) row[int(K)]!++;
      return row;
    }),
  };
});

describe.skipIf(!hasOracle)("against krippendorff / scikit-learn / statsmodels", () => {
  let want: unknown[];
  beforeAll(() => {
    want = runOracle([...kripp, ...cohen, ...fleiss]);
  });
  it("krippendorff.alpha", () => {
    kripp.forEach((c, i) => {
      const w = want[i];
      const got = krippendorffAlpha(c.data, c.level);
      if (typeof w === "number") expect(got, JSON.stringify(c)).toBeCloseTo(w, 9);
      else expect(got === null || got === 1, JSON.stringify(c)).toBe(true);
    });
  });
  it("sklearn cohen_kappa_score", () => {
    cohen.forEach((c, i) => {
      const w = want[kripp.length + i] as number | null;
      const got = cohenKappa(c.a, c.b, c.weights ? { weights: c.weights as "linear" } : undefined);
      if (w === null) expect(got).toBeNull();
      else expect(got, JSON.stringify(c)).toBeCloseTo(w, 9);
    });
  });
  it("statsmodels fleiss_kappa", () => {
    fleiss.forEach((c, i) => {
      const w = want[kripp.length + cohen.length + i] as number;
      const got = fleissKappa(c.table);
      if (Number.isFinite(w)) expect(got, JSON.stringify(c)).toBeCloseTo(w, 9);
    });
  });
});
