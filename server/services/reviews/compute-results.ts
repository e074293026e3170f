import type { ReviewOutcome } from "@/core/enums";
import { type Battle, bradleyTerry, cohenKappa, fleissKappa, krippendorffAlpha } from "@/evals";
import type {
  AgreementFigure,
  PairwiseChoice,
  ReviewMode,
  ReviewResults,
  Rubric,
} from "@/server/schemas/reviews";
import { binomialTwoSided, clusterBootstrap, mean, readingOf } from "./stats";

export type ResultItem = { id: string; sampleIdx: number; runA: string; runB: string | null };
export type ResultVote = {
  itemId: string;
  reviewerId: string;
  choice: PairwiseChoice | null;
  outcome: ReviewOutcome | null;
  scores: Record<string, number> | null;
  pass: boolean | null;
};
export type ResultsInput = {
  mode: ReviewMode;
  runs: { id: string; name: string }[];
  items: ResultItem[];
  /** Current votes only, in the order they were first cast. */
  votes: ResultVote[];
  rubric: Rubric | null;
  reviewersPerItem: number;
  /** The automatic judge: per run, per sample, the primary metric's sentence score. */
  judge: Map<string, Map<number, number | null>>;
  seed: number;
  rounds?: number;
};

const PAIRWISE_LABELS = ["a", "b", "tie", "both_bad"] as const;

/**
 * Everything on the results page from the current votes. Ties and "both bad" count as half a win
 * each (as Chatbot Arena scores both kinds of tie). Score CIs resample items (a cluster bootstrap:
 * several votes on one item are not independent); Bradley–Terry CIs resample votes, as Arena does.
 */
export function computeResults(input: ResultsInput): Omit<ReviewResults, "campaignId"> {
  const rounds = input.rounds ?? 1000;
  const itemById = new Map(input.items.map((i) => [i.id, i]));
  const votesByItem = new Map<string, ResultVote[]>();
  for (const v of input.votes) {
    let list = votesByItem.get(v.itemId);
    if (!list) {
      list = [];
      votesByItem.set(v.itemId, list);
    }
    list.push(v);
  }
  const voted = [...votesByItem.entries()]
    .map(([itemId, votes]) => ({ item: itemById.get(itemId)!, votes }))
    .filter((x) => x.item);
  const nameOf = new Map(input.runs.map((r) => [r.id, r.name]));
  const base = {
    mode: input.mode,
    votes: input.votes.length,
    items: input.items.length,
    itemsVoted: voted.length,
  };
  if (input.mode === "pairwise") {
    return { ...base, ...pairwise(input, voted, nameOf, rounds) };
  }
  return { ...base, ...rubric(input, voted, rounds) };
}

type Voted = { item: ResultItem; votes: ResultVote[] };

/** 1 for a win of `run`, 0 for a loss, 0.5 for either kind of tie; null when `run` is not in the item. */
function pointsFor(run: string, item: ResultItem, outcome: ReviewOutcome): number | null {
  const side = item.runA === run ? "a" : item.runB === run ? "b" : null;
  if (!side) return null;
  return outcome === side ? 1 : outcome === "a" || outcome === "b" ? 0 : 0.5;
}

function pairwise(
  input: ResultsInput,
  voted: Voted[],
  nameOf: Map<string, string>,
  rounds: number,
) {
  const runIds = input.runs.map((r) => r.id);
  const index = new Map(runIds.map((id, i) => [id, i]));
  const wins = runIds.map(() => runIds.map(() => 0));
  const n = runIds.map(() => runIds.map(() => 0));
  const battles: Battle[] = [];
  for (const { item, votes } of voted) {
    const a = index.get(item.runA)!,
      b = index.get(item.runB!)!;
    for (const v of votes) {
      const pa = pointsFor(item.runA, item, v.outcome!)!;
      wins[a]![b]! += pa;
      wins[b]![a]! += 1 - pa;
      n[a]![b]!++;
      n[b]![a]!++;
      battles.push({
        a: item.runA,
        b: item.runB!,
        winner: v.outcome === "a" ? "a" : v.outcome === "b" ? "b" : "tie",
      });
    }
  }
  const winRate = (run: string) => (sample: Voted[]) =>
    mean(
      sample.flatMap(({ item, votes }) =>
        votes.map((v) => pointsFor(run, item, v.outcome!)).filter((p): p is number => p !== null),
      ),
    );
  const perRun = input.runs.map((r, i) => {
    const mine = voted.filter(({ item }) => item.runA === r.id || item.runB === r.id);
    const score = winRate(r.id)(mine);
    const ci = clusterBootstrap(mine, winRate(r.id), rounds, input.seed + i);
    return {
      runId: r.id,
      runName: r.name,
      score: score === null ? null : 100 * score,
      ci: ci ? ([100 * ci[0], 100 * ci[1]] as [number, number]) : null,
      n: mine.reduce((s, x) => s + x.votes.length, 0),
      passRate: null,
      criteria: [],
    };
  });
  const btRounds = btBootstrapRounds(battles.length, rounds);
  const bt = battles.length ? bradleyTerry(battles, { bootstrap: btRounds, seed: input.seed }) : [];
  const bradleyTerryOut = bt.map((r) => ({
    runId: r.model,
    runName: nameOf.get(r.model) ?? r.model,
    rating: r.rating,
    ci: [r.ciLow!, r.ciHigh!] as [number, number],
    rank: r.rank!,
    battles: r.battles,
    prior: r.prior,
  }));

  const decisive = input.votes.filter((v) => v.choice === "A" || v.choice === "B");
  const aWins = decisive.filter((v) => v.choice === "A").length;
  return {
    perRun,
    winMatrix: { runIds, names: input.runs.map((r) => r.name), wins, n },
    bradleyTerry: bradleyTerryOut,
    btRounds,
    agreement: pairwiseAgreement(voted, input.reviewersPerItem),
    positionBias: {
      aWinRate: decisive.length ? aWins / decisive.length : null,
      n: decisive.length,
      pValue: decisive.length ? binomialTwoSided(aWins, decisive.length) : null,
    },
    judgeAgreement: judgePairwise(voted, input.judge),
  };
}

/**
 * Bootstrap rounds for Bradley–Terry. Each round draws a resample of every vote and refits over
 * the distinct (pair, outcome) rows, so the cost grows with votes × rounds (about 1.2 s for
 * 3,200 votes × 1,000 rounds on a loaded 2-core machine). Up to 3,000 votes use the full count;
 * beyond, rounds shrink to keep votes × rounds near 3,000,000, never below 200 (Arena's CLI
 * default is 100). The point rating never depends on it.
 */
export function btBootstrapRounds(votes: number, rounds: number): number {
  if (votes === 0) return 0;
  return Math.min(rounds, Math.max(Math.min(200, rounds), Math.floor(3_000_000 / votes)));
}

/** Cohen's κ when items get two reviewers (first vote against second), Fleiss' κ for more; only
 *  items with exactly reviewersPerItem current votes enter, as both need a fixed number of raters. */
function pairwiseAgreement(voted: Voted[], k: number): AgreementFigure[] {
  if (k < 2) return [];
  const complete = voted.filter(({ votes }) => votes.length === k);
  if (complete.length === 0) return [];
  if (k === 2) {
    const value = cohenKappa(
      complete.map(({ votes }) => votes[0]!.outcome!),
      complete.map(({ votes }) => votes[1]!.outcome!),
      { labels: [...PAIRWISE_LABELS] },
    );
    return [
      {
        metric: "cohen_kappa",
        subject: "choice",
        value,
        reading: readingOf(value),
        n: complete.length,
      },
    ];
  }
  const table = complete.map(({ votes }) =>
    PAIRWISE_LABELS.map((l) => votes.filter((v) => v.outcome === l).length),
  );
  const value = fleissKappa(table);
  return [
    {
      metric: "fleiss_kappa",
      subject: "choice",
      value,
      reading: readingOf(value),
      n: complete.length,
    },
  ];
}

/** The judge prefers the run whose output scored higher on the primary metric for that sample. */
function judgePairwise(voted: Voted[], judge: ResultsInput["judge"]) {
  const human: string[] = [],
    auto: string[] = [];
  for (const { item, votes } of voted) {
    const sa = judge.get(item.runA)?.get(item.sampleIdx),
      sb = judge.get(item.runB!)?.get(item.sampleIdx);
    if (sa === null || sa === undefined || sb === null || sb === undefined) continue;
    const j = sa > sb ? "a" : sa < sb ? "b" : "tie";
    for (const v of votes) {
      human.push(v.outcome === "a" || v.outcome === "b" ? v.outcome : "tie");
      auto.push(j);
    }
  }
  if (human.length === 0) return null;
  const value = cohenKappa(human, auto, { labels: ["a", "b", "tie"] });
  return {
    metric: "cohen_kappa" as const,
    value,
    reading: readingOf(value),
    n: human.length,
    rawAgreement: human.filter((h, i) => h === auto[i]).length / human.length,
  };
}

function rubric(input: ResultsInput, voted: Voted[], rounds: number) {
  const criteria = input.rubric?.criteria ?? [];
  const passFail = input.rubric?.passFail ?? false;
  // Per item: mean over its reviewers of the mean criterion score (1-5), and the pass rate.
  const itemScore = ({ votes }: Voted) =>
    mean(
      votes
        .map((v) =>
          mean(
            criteria
              .map((c) => v.scores?.[c.key])
              .filter((x): x is number => typeof x === "number"),
          ),
        )
        .filter((x): x is number => x !== null),
    );
  const itemPass = ({ votes }: Voted) =>
    mean(votes.filter((v) => v.pass !== null).map((v) => (v.pass ? 100 : 0)));
  const stat = (f: (v: Voted) => number | null) => (sample: Voted[]) =>
    mean(sample.map(f).filter((x): x is number => x !== null));
  const headline = criteria.length ? itemScore : itemPass;
  const perRun = input.runs.map((r, i) => {
    const mine = voted.filter(({ item }) => item.runA === r.id);
    return {
      runId: r.id,
      runName: r.name,
      score: stat(headline)(mine),
      ci: clusterBootstrap(mine, stat(headline), rounds, input.seed + i),
      n: mine.length,
      passRate: passFail ? stat(itemPass)(mine) : null,
      criteria: criteria.map((c) => ({
        key: c.key,
        label: c.label,
        score: stat(({ votes }) =>
          mean(
            votes.map((v) => v.scores?.[c.key]).filter((x): x is number => typeof x === "number"),
          ),
        )(mine),
      })),
    };
  });
  // Krippendorff's α: rows are reviewers, columns are items, missing where a reviewer did not rate.
  const reviewers = [...new Set(input.votes.map((v) => v.reviewerId))];
  const matrix = (value: (v: ResultVote) => number | null) =>
    reviewers.map((rid) =>
      voted.map(({ votes }) => {
        const v = votes.find((x) => x.reviewerId === rid);
        return v ? value(v) : null;
      }),
    );
  const pairable = voted.filter(({ votes }) => votes.length >= 2).length;
  const agreement: AgreementFigure[] = [];
  if (reviewers.length >= 2 && pairable > 0) {
    for (const c of criteria) {
      const value = krippendorffAlpha(
        matrix((v) => v.scores?.[c.key] ?? null),
        "ordinal",
        { domain: [1, 2, 3, 4, 5] },
      );
      agreement.push({
        metric: "krippendorff_alpha",
        subject: c.key,
        value,
        reading: readingOf(value),
        n: pairable,
      });
    }
    if (passFail) {
      const value = krippendorffAlpha(
        matrix((v) => (v.pass === null ? null : v.pass ? 1 : 0)),
        "nominal",
      );
      agreement.push({
        metric: "krippendorff_alpha",
        subject: "pass",
        value,
        reading: readingOf(value),
        n: pairable,
      });
    }
  }
  return {
    perRun,
    winMatrix: { runIds: [], names: [], wins: [], n: [] },
    bradleyTerry: [],
    btRounds: 0,
    agreement,
    positionBias: { aWinRate: null, n: 0, pValue: null },
    judgeAgreement: passFail ? judgeRubric(voted, input.judge) : null,
  };
}

/** Rubric with pass/fail: the judge passes an output whose primary-metric score is ≥ 50. */
function judgeRubric(voted: Voted[], judge: ResultsInput["judge"]) {
  const human: boolean[] = [],
    auto: boolean[] = [];
  for (const { item, votes } of voted) {
    const s = judge.get(item.runA)?.get(item.sampleIdx);
    if (s === null || s === undefined) continue;
    for (const v of votes) {
      if (v.pass === null) continue;
      human.push(v.pass);
      auto.push(s >= 50);
    }
  }
  if (human.length === 0) return null;
  const value = cohenKappa(human.map(String), auto.map(String), { labels: ["false", "true"] });
  return {
    metric: "cohen_kappa" as const,
    value,
    reading: readingOf(value),
    n: human.length,
    rawAgreement: human.filter((h, i) => h === auto[i]).length / human.length,
  };
}
