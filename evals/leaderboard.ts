/**
 * The leaderboard's ranking: runs ordered by their primary score, the best run and the baseline
 * (the base model without an adapter, listed but never ranked), and which paired tests each row
 * needs. Split so that a platform can store each row's p-values with the evaluations they compared
 * (`rowInputs`) and rank from stored values (`rankRow`); `rankBoard` is the whole computation in one
 * pass, the reference the stored form must equal.
 */

export interface BoardEntry {
  runId: string;
  /** The evaluation the run's scores and samples come from. */
  evaluationId: string;
  isBaseline: boolean;
  /** Primary corpus score; null when the metric was not computed. */
  score: number | null;
  /** Tie-break between equal scores (e.g. the grid index): lower first. */
  order: number;
}

export interface BoardStanding<E extends BoardEntry = BoardEntry> {
  /** Score descending (no score last), then `order`, then runId. */
  ordered: E[];
  /** The first ranked (non-baseline) entry. */
  best: E | null;
  baseline: E | null;
  /** 1-based rank of each non-baseline run. */
  rankOf: Map<string, number>;
}

/** The evaluations a row's paired tests compare: its own, the best run's and the baseline's. */
export interface RowInputs {
  evaluationId: string;
  /** Null for the baseline row (never compared with the best) or when no run is ranked. */
  bestEvaluationId: string | null;
  /** Null for the baseline row itself or when the experiment has no evaluated baseline. */
  baselineEvaluationId: string | null;
}

export interface RowPValues {
  /** Paired p-value against the best run; null for the best run itself and the baseline. */
  vsBest: number | null;
  /** Paired p-value against the baseline; null for the baseline itself or without one. */
  vsBaseline: number | null;
}

export interface RankedRow {
  runId: string;
  rank: number | null;
  tiedWithBest: boolean;
  pValueVsBest: number | null;
  pValueVsBaseline: number | null;
  betterThanBaseline: boolean;
}

const scoreOf = (e: BoardEntry) => e.score ?? Number.NEGATIVE_INFINITY;
const byStanding = (a: BoardEntry, b: BoardEntry) =>
  (scoreOf(a) === scoreOf(b) ? 0 : scoreOf(b) - scoreOf(a)) ||
  a.order - b.order ||
  (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0);

export function boardStanding<E extends BoardEntry>(entries: E[]): BoardStanding<E> {
  const ordered = [...entries].sort(byStanding);
  const rankOf = new Map<string, number>();
  for (const e of ordered) if (!e.isBaseline) rankOf.set(e.runId, rankOf.size + 1);
  return {
    ordered,
    best: ordered.find((e) => !e.isBaseline) ?? null,
    baseline: ordered.find((e) => e.isBaseline) ?? null,
    rankOf,
  };
}

export function rowInputs(entry: BoardEntry, standing: BoardStanding): RowInputs {
  return {
    evaluationId: entry.evaluationId,
    bestEvaluationId: entry.isBaseline ? null : (standing.best?.evaluationId ?? null),
    baselineEvaluationId: entry.isBaseline ? null : (standing.baseline?.evaluationId ?? null),
  };
}

/** The pairs (reference, candidate) of evaluation ids whose paired tests a row needs. */
export function rowTests(inputs: RowInputs): {
  vsBest: [string, string] | null;
  vsBaseline: [string, string] | null;
} {
  const own = inputs.evaluationId;
  const best = inputs.bestEvaluationId;
  return {
    vsBest: best !== null && best !== own ? [best, own] : null,
    vsBaseline: inputs.baselineEvaluationId !== null ? [inputs.baselineEvaluationId, own] : null,
  };
}

/**
 * A row's rank (1-based among non-baseline rows, in standing order), whether it is tied with the
 * best (the best itself, or a paired difference not significant at `alpha`) and whether it beats
 * the baseline (higher score, and significant).
 */
export function rankRow(
  entry: BoardEntry,
  standing: BoardStanding,
  p: RowPValues,
  alpha: number,
): RankedRow {
  const rank = standing.rankOf.get(entry.runId) ?? null;
  const isBest = standing.best?.runId === entry.runId;
  return {
    runId: entry.runId,
    rank,
    tiedWithBest: !entry.isBaseline && (isBest || (p.vsBest !== null && p.vsBest >= alpha)),
    pValueVsBest: p.vsBest,
    pValueVsBaseline: p.vsBaseline,
    betterThanBaseline:
      p.vsBaseline !== null &&
      p.vsBaseline < alpha &&
      (entry.score ?? 0) > (standing.baseline?.score ?? 0),
  };
}

/** Every row at once, testing each pair with `pValue(referenceEvaluationId, candidateEvaluationId)`. */
export function rankBoard(
  entries: BoardEntry[],
  pValue: (reference: string, candidate: string) => number,
  alpha: number,
): RankedRow[] {
  const standing = boardStanding(entries);
  return standing.ordered.map((entry) => {
    const tests = rowTests(rowInputs(entry, standing));
    const p = {
      vsBest: tests.vsBest ? pValue(...tests.vsBest) : null,
      vsBaseline: tests.vsBaseline ? pValue(...tests.vsBaseline) : null,
    };
    return rankRow(entry, standing, p, alpha);
  });
}
