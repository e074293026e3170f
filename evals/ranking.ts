/**
 * Leaderboard statistics: rank runs by a primary metric with bootstrap CIs, paired significance
 * against a baseline run, groups of statistically tied runs, and the Pareto front over several
 * metrics and cost (Deb et al., 2002, non-dominated sorting). Runs must be scored on the same
 * items, in the same order: every comparison is paired (Koehn, 2004).
 */

import { npMean } from "./internal/np-stats";
import { defaultRng } from "./rng";

export interface RunSamples {
  id: string;
  /** Per-item scores of the primary metric (e.g. 0/1 exact match, sentence chrF), same item order for every run. */
  scores: number[];
}
export interface RankOptions {
  baselineId?: string;
  nSamples?: number;
  seed?: number;
  alpha?: number;
  higherIsBetter?: boolean;
}
export interface RankedRun {
  id: string;
  score: number;
  ciLow: number;
  ciHigh: number;
  /** Two-sided paired bootstrap p-value against the baseline (absent for the baseline itself). */
  pValue?: number;
  significant?: boolean;
  /** Tie group: runs in the same group are not significantly different from the group's leader. */
  group: number;
}

/**
 * Ranks runs by the mean of their per-item scores. CIs are the 2.5/97.5 percentiles of the
 * bootstrap means; all runs share the same resampled items. p-values use sacreBLEU's paired
 * bootstrap statistic ((#{|Δ_r| − mean|Δ| >= |Δ|} + 1) / (N + 1), ties included). Groups: walking down the ranking, a
 * run joins the current group when it is not significantly different from the group's leader.
 */
export function rankRuns(runs: RunSamples[], options?: RankOptions): RankedRun[] {
  const where = "rankRuns";
  for (const k of Object.keys(options ?? {}))
    if (!["baselineId", "nSamples", "seed", "alpha", "higherIsBetter"].includes(k))
      throw new TypeError(`${where}: unknown option ${JSON.stringify(k)}`);
  if (!Array.isArray(runs) || runs.length === 0) throw new RangeError(`${where}: no runs`);
  const n = runs[0]!.scores.length;
  if (n === 0) throw new RangeError(`${where}: run ${JSON.stringify(runs[0]!.id)} has no scores`);
  runs.forEach((r, k) => {
    if (r.scores.length !== n)
      throw new RangeError(
        `${where}: run ${JSON.stringify(r.id)} (index ${k}) has ${r.scores.length} scores, expected ${n} like run ${JSON.stringify(runs[0]!.id)}`,
      );
    r.scores.forEach((v, i) => {
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new TypeError(
          `${where}: run ${JSON.stringify(r.id)} score ${i} is not a finite number`,
        );
    });
  });
  const nSamples = options?.nSamples ?? 1000,
    alpha = options?.alpha ?? 0.05;
  const sign = options?.higherIsBetter === false ? -1 : 1;
  const rng = defaultRng(options?.seed ?? 12345);
  const boot = runs.map(() => new Float64Array(nSamples));
  for (let r = 0; r < nSamples; r++) {
    const sums = new Float64Array(runs.length);
    for (let i = 0; i < n; i++) {
      const idx = rng.below(n);
      for (let k = 0; k < runs.length; k++) sums[k]! += runs[k]!.scores[idx]!;
    }
    for (let k = 0; k < runs.length; k++) boot[k]![r] = sums[k]! / n;
  }
  const means = runs.map((r) => npMean(r.scores, false));
  const pBetween = (a: number, b: number) =>
    pairedP(boot[a]!, boot[b]!, Math.abs(means[a]! - means[b]!));
  const order = runs.map((_, k) => k).sort((a, b) => sign * (means[b]! - means[a]!));
  const baseline =
    options?.baselineId === undefined ? -1 : runs.findIndex((r) => r.id === options.baselineId);
  if (options?.baselineId !== undefined && baseline < 0)
    throw new RangeError(
      `${where}: baseline ${JSON.stringify(options.baselineId)} is not among the runs`,
    );
  const out: RankedRun[] = [];
  let group = 0,
    leader = -1;
  for (const k of order) {
    if (leader < 0 || pBetween(leader, k) < alpha) {
      group++;
      leader = k;
    }
    const sorted = Array.from(boot[k]!).sort((x, y) => x - y);
    const res: RankedRun = {
      id: runs[k]!.id,
      score: means[k]!,
      ciLow: percentile(sorted, 0.025),
      ciHigh: percentile(sorted, 0.975),
      group,
    };
    if (baseline >= 0 && k !== baseline) {
      res.pValue = pBetween(baseline, k);
      res.significant = res.pValue < alpha;
    }
    out.push(res);
  }
  return out;
}

/**
 * Paired bootstrap p-value. Unlike sacreBLEU's `>` (which gives two identical runs the minimum
 * p-value, 1/(N+1)), ties count as "at least as extreme" here, so identical runs get p = 1 and
 * land in the same tie group.
 */
function pairedP(a: Float64Array, b: Float64Array, real: number): number {
  const d = Array.from(a, (x, i) => Math.abs(b[i]! - x));
  const m = npMean(d, false);
  let c = 0;
  for (const x of d) if (x - m >= real) c++;
  return Math.min(1, (c + 1) / (d.length + 1));
}

function percentile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface Objective {
  name: string;
  direction: "max" | "min";
}
export interface ParetoItem {
  id: string;
  values: Record<string, number>;
}

/**
 * Non-dominated sorting: layer 1 is the Pareto front. A dominates B iff A is at least as good on
 * every objective and strictly better on one (after orienting "min" objectives such as cost).
 */
export function paretoLayers(
  items: ParetoItem[],
  objectives: Objective[],
): { id: string; layer: number }[] {
  if (objectives.length === 0)
    throw new RangeError("paretoLayers: at least one objective is required");
  items.forEach((it) => {
    for (const o of objectives) {
      const v = it.values[o.name];
      if (typeof v !== "number" || Number.isNaN(v))
        throw new TypeError(
          `paretoLayers: item ${JSON.stringify(it.id)} has no numeric value for ${JSON.stringify(o.name)}`,
        );
    }
  });
  const oriented = items.map((it) =>
    objectives.map((o) => (o.direction === "min" ? -it.values[o.name]! : it.values[o.name]!)),
  );
  const dominates = (a: number[], b: number[]) =>
    a.every((v, i) => v >= b[i]!) && a.some((v, i) => v > b[i]!);
  const layer = new Array<number>(items.length).fill(0);
  let remaining = items.map((_, i) => i);
  for (let L = 1; remaining.length > 0; L++) {
    const front = remaining.filter(
      (i) => !remaining.some((j) => j !== i && dominates(oriented[j]!, oriented[i]!)),
    );
    for (const i of front) layer[i] = L;
    remaining = remaining.filter((i) => layer[i] === 0);
  }
  return items.map((it, i) => ({ id: it.id, layer: layer[i]! }));
}

export function paretoFront(items: ParetoItem[], objectives: Objective[]): string[] {
  return paretoLayers(items, objectives)
    .filter((x) => x.layer === 1)
    .map((x) => x.id);
}
