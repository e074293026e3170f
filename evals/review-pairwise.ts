import { cohenKappa, fleissKappa } from "./agreement";
import { binomialTwoSided } from "./binomial";
import { type Battle, bradleyTerry } from "./bradley-terry";
import { clusterBootstrap } from "./cluster-bootstrap";
import {
  type AgreementFigure,
  agreementReading,
  type ModeResults,
  mean,
  PAIRWISE_OUTCOMES,
  type PairwiseOutcome,
  type ResultItem,
  type ResultsInput,
  type Voted,
} from "./review-votes";

/** 1 for a win of `run`, 0 for a loss, 0.5 for either kind of tie; null when `run` is not in the item. */
function pointsFor(run: string, item: ResultItem, outcome: PairwiseOutcome): number | null {
  const side = item.runA === run ? "a" : item.runB === run ? "b" : null;
  if (!side) return null;
  return outcome === side ? 1 : outcome === "a" || outcome === "b" ? 0 : 0.5;
}

/** Pairwise results: win rates with item-cluster CIs, the win matrix, Bradley–Terry ratings,
 *  agreement, position bias and agreement with the automatic judge. */
export function pairwiseResults(
  input: ResultsInput,
  voted: Voted[],
  nameOf: Map<string, string>,
  rounds: number,
): ModeResults {
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
      { labels: [...PAIRWISE_OUTCOMES] },
    );
    return [
      {
        metric: "cohen_kappa",
        subject: "choice",
        value,
        reading: agreementReading(value),
        n: complete.length,
      },
    ];
  }
  const table = complete.map(({ votes }) =>
    PAIRWISE_OUTCOMES.map((l) => votes.filter((v) => v.outcome === l).length),
  );
  const value = fleissKappa(table);
  return [
    {
      metric: "fleiss_kappa",
      subject: "choice",
      value,
      reading: agreementReading(value),
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
    reading: agreementReading(value),
    n: human.length,
    rawAgreement: human.filter((h, i) => h === auto[i]).length / human.length,
  };
}
