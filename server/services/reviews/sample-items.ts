import { mulberry32 } from "@/evals/rng";
import { badRequest } from "@/server/errors";
import type { ReviewMode, Sampling } from "@/server/schemas/reviews";

export type PoolSample = { idx: number; referenceLength: number; baselineCorrect: boolean };
export type PlannedItem = {
  position: number;
  sampleIdx: number;
  runA: string;
  runB: string | null;
};

/**
 * Which samples and which (sample, run) or (sample, run pair) items a campaign reviews. Pure and
 * seeded: the same pool, runs and settings always give the same items in the same order.
 *
 * Pairing (pairwise mode): "all" puts every pair of the chosen runs on every sampled input, the
 * complete design that fills every cell of the win matrix; "balanced" gives each input one pair,
 * cycling through a seeded shuffle of all pairs, so cost grows linearly with the number of runs
 * and every pair still gets ⌊n/P⌋ or ⌈n/P⌉ inputs.
 */
export function planItems(opts: {
  pool: PoolSample[];
  runIds: string[];
  mode: ReviewMode;
  sampleSize: number;
  sampling: Sampling;
  pairing: "all" | "balanced";
}): { sampleIdxs: number[]; items: PlannedItem[] } {
  const { pool, runIds, mode, sampleSize, sampling } = opts;
  if (sampleSize > pool.length)
    throw badRequest(
      `The chosen runs share ${pool.length} evaluated samples; the sample size can be at most ${pool.length}, got ${sampleSize}.`,
    );
  const rand = mulberry32(sampling.seed);
  const sampleIdxs =
    sampling.kind === "random"
      ? shuffle(pool, rand)
          .slice(0, sampleSize)
          .map((s) => s.idx)
      : stratified(pool, sampleSize, sampling, rand);

  const pairs: [string, string][] = [];
  for (let i = 0; i < runIds.length; i++)
    for (let j = i + 1; j < runIds.length; j++) pairs.push([runIds[i]!, runIds[j]!]);
  const planned: Omit<PlannedItem, "position">[] = [];
  if (mode === "rubric") {
    for (const idx of sampleIdxs)
      for (const run of runIds) planned.push({ sampleIdx: idx, runA: run, runB: null });
  } else {
    // Which run is "a" is a seeded coin per item (as Arena draws its model_a): with a fixed order
    // one outcome label would dominate and κ would read chance agreement into it.
    const push = (idx: number, [a, b]: [string, string]) =>
      planned.push(
        rand() < 0.5 ? { sampleIdx: idx, runA: a, runB: b } : { sampleIdx: idx, runA: b, runB: a },
      );
    if (opts.pairing === "all") {
      for (const idx of sampleIdxs) for (const pair of pairs) push(idx, pair);
    } else {
      const order = shuffle(pairs, rand);
      for (const [k, idx] of sampleIdxs.entries()) push(idx, order[k % order.length]!);
    }
  }
  // Queue order is a shuffle too, so reviewers do not see one input many times in a row.
  const items = shuffle(planned, rand).map((p, position) => ({ ...p, position }));
  return { sampleIdxs, items };
}

/** Proportional allocation over strata (largest remainder), a seeded draw inside each. */
function stratified(
  pool: PoolSample[],
  n: number,
  sampling: Sampling,
  rand: () => number,
): number[] {
  const strata = new Map<string, PoolSample[]>();
  const keyOf = stratumKey(pool, sampling.stratifyBy!);
  for (const s of pool) {
    const k = keyOf(s);
    let list = strata.get(k);
    if (!list) {
      list = [];
      strata.set(k, list);
    }
    list.push(s);
  }
  const groups = [...strata.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const quotas = groups.map(([, list]) => (n * list.length) / pool.length);
  const take = quotas.map(Math.floor);
  let left = n - take.reduce((a, b) => a + b, 0);
  const byRemainder = quotas
    .map((q, i) => ({ i, r: q - Math.floor(q) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder)
    if (left > 0 && take[i]! < groups[i]![1].length) {
      take[i]!++;
      left--;
    }
  return groups.flatMap(([, list], i) =>
    shuffle(list, rand)
      .slice(0, take[i])
      .map((s) => s.idx),
  );
}

function stratumKey(
  pool: PoolSample[],
  by: NonNullable<Sampling["stratifyBy"]>,
): (s: PoolSample) => string {
  if (by === "baseline-correct") return (s) => (s.baselineCorrect ? "correct" : "wrong");
  // Quartiles of reference length by rank (ties broken by sample index), so strata are equal-sized.
  const ranked = [...pool].sort((a, b) => a.referenceLength - b.referenceLength || a.idx - b.idx);
  const quartile = new Map(ranked.map((s, r) => [s.idx, Math.floor((4 * r) / ranked.length)]));
  return (s) => `q${quartile.get(s.idx)}`;
}

function shuffle<T>(list: readonly T[], rand: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
