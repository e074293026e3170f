import { describe, expect, expectTypeOf, it } from "vitest";
import { REVIEW_OUTCOMES, type ReviewChoice, type ReviewMode } from "@/core/enums";
import {
  btBootstrapRounds,
  krippendorffAlpha,
  PAIRWISE_OUTCOMES,
  type ResultItem,
  type ResultVote,
  type ReviewModeName,
  type ReviewResultsOut,
  reviewResults,
  type ShownChoice,
} from "@/evals";
import type { ReviewResults } from "@/server/schemas/reviews";

const RUBRIC = {
  criteria: [
    { key: "fluency", label: "Fluency" },
    { key: "accuracy", label: "Accuracy" },
  ],
  passFail: true,
};

const runs = [
  { id: "x", name: "run x" },
  { id: "y", name: "run y" },
];
const items: ResultItem[] = [0, 1, 2, 3].map((i) => ({
  id: `i${i}`,
  sampleIdx: i,
  runA: "x",
  runB: "y",
}));
const pv = (
  itemId: string,
  reviewerId: string,
  choice: ShownChoice,
  swapped: boolean,
): ResultVote => ({
  itemId,
  reviewerId,
  choice,
  scores: null,
  pass: null,
  outcome: choice === "A" ? (swapped ? "b" : "a") : choice === "B" ? (swapped ? "a" : "b") : choice,
});
// Outcomes (x = a): i0 a,a · i1 a,b · i2 tie,a · i3 b,b
const votes = [
  pv("i0", "r1", "A", false),
  pv("i0", "r2", "B", true),
  pv("i1", "r1", "A", false),
  pv("i1", "r2", "B", false),
  pv("i2", "r1", "tie", false),
  pv("i2", "r2", "A", false),
  pv("i3", "r1", "B", false),
  pv("i3", "r2", "A", true),
];
// The judge (primary metric per sample) prefers x on s0, y on s1 and s3, neither on s2.
const judge = new Map([
  [
    "x",
    new Map([
      [0, 100],
      [1, 0],
      [2, 50],
      [3, 0],
    ]),
  ],
  [
    "y",
    new Map([
      [0, 0],
      [1, 100],
      [2, 50],
      [3, 100],
    ]),
  ],
]);
const pairwise = (over: Partial<Parameters<typeof reviewResults>[0]> = {}) =>
  reviewResults({
    mode: "pairwise",
    runs,
    items,
    votes,
    rubric: null,
    reviewersPerItem: 2,
    judge,
    seed: 1,
    rounds: 200,
    ...over,
  });

describe("reviewResults, pairwise", () => {
  it("counts wins with ties as halves, in a matrix indexed by run", () => {
    const r = pairwise();
    expect(r.winMatrix).toEqual({
      runIds: ["x", "y"],
      names: ["run x", "run y"],
      wins: [
        [0, 4.5],
        [3.5, 0],
      ],
      n: [
        [0, 8],
        [8, 0],
      ],
    });
    expect(r.perRun.map((p) => [p.runId, p.score, p.n])).toEqual([
      ["x", 56.25, 8],
      ["y", 43.75, 8],
    ]);
    for (const p of r.perRun) {
      expect(p.ci![0]).toBeLessThanOrEqual(p.score!);
      expect(p.ci![1]).toBeGreaterThanOrEqual(p.score!);
    }
    expect(pairwise().perRun).toEqual(r.perRun); // seeded
  });

  it("rates with Bradley–Terry: 4.5 of 8 gives a gap of 400·log10(4.5/3.5)", () => {
    const [top, bottom] = pairwise().bradleyTerry;
    expect(top!.runId).toBe("x");
    expect(top!.rating - bottom!.rating).toBeCloseTo(400 * Math.log10(4.5 / 3.5), 6);
    expect(top!.rating + bottom!.rating).toBeCloseTo(2000, 6);
    expect(top!.ci[0]).toBeLessThan(top!.rating);
    expect(top!.ci[1]).toBeGreaterThan(top!.rating);
    expect(top!.rank).toBe(1);
    expect(bottom!.rank).toBe(1); // overlapping CIs share the rank
    expect(top!.prior).toBe(false);
  });

  it("flags the prior when one run wins everything", () => {
    const sweep = items.map((i) => pv(i.id, "r1", "A", false));
    const bt = pairwise({ votes: sweep, reviewersPerItem: 1 }).bradleyTerry;
    expect(bt.every((b) => b.prior)).toBe(true);
    expect(bt[0]!.runId).toBe("x");
  });

  it("measures agreement with Cohen's κ for two reviewers per item (first vote vs second)", () => {
    // Pairs (a,a) (a,b) (tie,a) (b,b): p_o = 1/2, p_e = (2·2 + 1·2 + 1·0)/16 = 3/8, κ = 0.2.
    expect(pairwise().agreement).toEqual([
      {
        metric: "cohen_kappa",
        subject: "choice",
        value: expect.closeTo(0.2, 12),
        reading: "unreliable",
        n: 4,
      },
    ]);
  });

  it("uses Fleiss' κ for three reviewers per item, counting only complete items", () => {
    // Items a,a,a and a,b,b: P̄ = (1 + 1/3)/2, P_e = (4/6)² + (2/6)² = 5/9, κ = (2/3 − 5/9)/(4/9) = 0.25.
    const three = [
      pv("i0", "r1", "A", false),
      pv("i0", "r2", "A", false),
      pv("i0", "r3", "B", true),
      pv("i1", "r1", "A", false),
      pv("i1", "r2", "B", false),
      pv("i1", "r3", "B", false),
      pv("i2", "r1", "A", false),
    ];
    expect(pairwise({ votes: three, reviewersPerItem: 3 }).agreement).toEqual([
      {
        metric: "fleiss_kappa",
        subject: "choice",
        value: expect.closeTo(0.25, 12),
        reading: "unreliable",
        n: 2,
      },
    ]);
    expect(pairwise({ reviewersPerItem: 1 }).agreement).toEqual([]);
  });

  it("reads position bias from the sides as shown", () => {
    // Pressed: A B A B tie A B A → 4 of 7 decisive votes went to side A.
    expect(pairwise().positionBias).toEqual({ aWinRate: 4 / 7, n: 7, pValue: 1 });
  });

  it("compares humans with the automatic judge by Cohen's κ", () => {
    // human a a a b tie a b b · judge a a b b tie tie b b: p_o = 6/8, p_e = (4·2 + 3·4 + 1·2)/64 = 22/64.
    const j = pairwise().judgeAgreement!;
    expect(j.value).toBeCloseTo((0.75 - 22 / 64) / (1 - 22 / 64), 12);
    expect(j).toMatchObject({
      metric: "cohen_kappa",
      n: 8,
      rawAgreement: 0.75,
      reading: "unreliable",
    });
  });
});

describe("reviewResults, rubric", () => {
  const rItems: ResultItem[] = [
    { id: "x0", sampleIdx: 0, runA: "x", runB: null },
    { id: "x1", sampleIdx: 1, runA: "x", runB: null },
    { id: "y0", sampleIdx: 0, runA: "y", runB: null },
  ];
  const rv = (
    itemId: string,
    reviewerId: string,
    fluency: number,
    accuracy: number,
    pass: boolean,
  ): ResultVote => ({
    itemId,
    reviewerId,
    choice: null,
    outcome: null,
    scores: { fluency, accuracy },
    pass,
  });
  const rVotes = [
    rv("x0", "r1", 4, 2, false),
    rv("x0", "r2", 4, 4, true),
    rv("x1", "r1", 5, 5, true),
    rv("y0", "r1", 2, 1, false),
    rv("y0", "r2", 3, 1, false),
  ];
  const result = reviewResults({
    mode: "rubric",
    runs,
    items: rItems,
    votes: rVotes,
    rubric: RUBRIC,
    reviewersPerItem: 2,
    judge,
    seed: 1,
    rounds: 200,
  });

  it("averages criteria per vote, reviewers per item, then items", () => {
    // x: item x0 = mean(3, 4) = 3.5, item x1 = 5 → 4.25; pass 50 % and 100 % → 75 %.
    // fluency: x0 4, x1 5 → 4.5; accuracy: x0 mean(2, 4) = 3, x1 5 → 4.
    expect(result.perRun[0]).toMatchObject({ runId: "x", score: 4.25, n: 2, passRate: 75 });
    expect(result.perRun[0]!.criteria).toEqual([
      { key: "fluency", label: "Fluency", score: 4.5 },
      { key: "accuracy", label: "Accuracy", score: 4 },
    ]);
    expect(result.perRun[1]).toMatchObject({ runId: "y", score: 1.75, n: 1, passRate: 0 });
    expect(result.winMatrix.runIds).toEqual([]);
    expect(result.bradleyTerry).toEqual([]);
  });

  it("gives Krippendorff's α (ordinal) per criterion on a reviewers × items matrix", () => {
    const fluency = krippendorffAlpha(
      [
        [4, 5, 2],
        [4, null, 3],
      ],
      "ordinal",
      { domain: [1, 2, 3, 4, 5] },
    );
    const pass = krippendorffAlpha(
      [
        [0, 1, 0],
        [1, null, 0],
      ],
      "nominal",
    );
    expect(result.agreement).toEqual([
      {
        metric: "krippendorff_alpha",
        subject: "fluency",
        value: fluency,
        reading: expect.any(String),
        n: 2,
      },
      {
        metric: "krippendorff_alpha",
        subject: "accuracy",
        value: krippendorffAlpha(
          [
            [2, 5, 1],
            [4, null, 1],
          ],
          "ordinal",
          { domain: [1, 2, 3, 4, 5] },
        ),
        reading: expect.any(String),
        n: 2,
      },
      {
        metric: "krippendorff_alpha",
        subject: "pass",
        value: pass,
        reading: expect.any(String),
        n: 2,
      },
    ]);
    // Perfect agreement on accuracy when reviewers agree.
    const agreeing = reviewResults({
      mode: "rubric",
      runs,
      items: rItems,
      votes: [
        rv("x0", "r1", 4, 2, true),
        rv("x0", "r2", 4, 2, true),
        rv("y0", "r1", 1, 5, false),
        rv("y0", "r2", 1, 5, false),
      ],
      rubric: RUBRIC,
      reviewersPerItem: 2,
      judge,
      seed: 1,
      rounds: 10,
    });
    expect(agreeing.agreement.map((a) => [a.subject, a.value, a.reading])).toEqual([
      ["fluency", 1, "reliable"],
      ["accuracy", 1, "reliable"],
      ["pass", 1, "reliable"],
    ]);
  });

  it("compares pass/fail with the judge's score ≥ 50", () => {
    // pass: x0 false,true (judge x s0 = 100 → pass) · x1 true (judge 0 → fail) · y0 false,false (judge 0 → fail)
    expect(result.judgeAgreement).toMatchObject({ n: 5, rawAgreement: 3 / 5 });
  });
});

describe("btBootstrapRounds", () => {
  it("keeps all rounds for small campaigns and at least 200 for large ones", () => {
    expect(btBootstrapRounds(0, 1000)).toBe(0);
    expect(btBootstrapRounds(300, 1000)).toBe(1000);
    expect(btBootstrapRounds(3000, 1000)).toBe(1000);
    expect(btBootstrapRounds(6000, 1000)).toBe(500);
    expect(btBootstrapRounds(100_000, 1000)).toBe(200);
    expect(btBootstrapRounds(100_000, 50)).toBe(50);
    expect(pairwise().btRounds).toBe(200); // 8 votes, 200 requested
  });
});

// evals/ imports no project folder, so it writes the review vocabularies out (evals/review-votes.ts);
// these keep that copy equal to core/enums.ts and its output equal to the API's schema.
describe("the review vocabularies evals/ keeps", () => {
  it("are core's", () => {
    expect(PAIRWISE_OUTCOMES).toEqual(REVIEW_OUTCOMES);
    expectTypeOf<ShownChoice>().toEqualTypeOf<ReviewChoice>();
    expectTypeOf<ReviewModeName>().toEqualTypeOf<ReviewMode>();
    expectTypeOf<ReviewResultsOut>().toEqualTypeOf<Omit<ReviewResults, "campaignId">>();
  });
});
