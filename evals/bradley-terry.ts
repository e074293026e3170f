/**
 * Bradley–Terry ratings from pairwise votes, as Chatbot Arena computes them (Chiang et al., 2024,
 * arXiv:2403.04132; FastChat elo_analysis.py `compute_mle_elo`): maximum likelihood of
 * P(a beats b) = 1 / (1 + 10^((R_b − R_a)/400)), a tie is half a win for each side, ratings
 * centred on a mean of 1000, no regularisation. Solved by damped Newton steps on the concave
 * log-likelihood with the gauge fixed at mean 0.
 *
 * When the MLE does not exist (some group of models never lost to, or never beat, the rest:
 * e.g. a model that won or lost every battle, or a disconnected comparison graph), every model
 * also gets one virtual tie against a fixed reference player rated 1000. That keeps ratings
 * finite and ordered, and is reported as `prior: true`. Bootstrap rounds use the same rule.
 */
import { quantile } from "./internal/quantile";
import { defaultRng } from "./rng";

export interface Battle {
  a: string;
  b: string;
  winner: "a" | "b" | "tie";
}
export interface BradleyTerryRating {
  model: string;
  rating: number;
  ciLow?: number;
  ciHigh?: number;
  /** 1 + number of models whose ciLow exceeds this model's ciHigh (Arena's rank with uncertainty). */
  rank?: number;
  battles: number;
  prior: boolean;
}

const ALPHA = Math.LN10;

interface Pair {
  i: number;
  j: number;
  y: number;
  w: number;
}

export function bradleyTerry(
  battles: Battle[],
  options?: { bootstrap?: number; seed?: number },
): BradleyTerryRating[] {
  const where = "bradleyTerry";
  for (const k of Object.keys(options ?? {}))
    if (k !== "bootstrap" && k !== "seed")
      throw new TypeError(
        `${where}: unknown option ${JSON.stringify(k)}; allowed options are bootstrap, seed`,
      );
  if (!Array.isArray(battles) || battles.length === 0) throw new RangeError(`${where}: no battles`);
  const models: string[] = [];
  const index = new Map<string, number>();
  const idOf = (m: string) => {
    let i = index.get(m);
    if (i === undefined) {
      i = models.push(m) - 1;
      index.set(m, i);
    }
    return i;
  };
  const coded = battles.map((bt, k) => {
    if (!bt || typeof bt.a !== "string" || typeof bt.b !== "string")
      throw new TypeError(`${where}: battles[${k}] needs string fields a and b`);
    if (bt.a === bt.b)
      throw new RangeError(`${where}: battles[${k}] pits ${JSON.stringify(bt.a)} against itself`);
    if (bt.winner !== "a" && bt.winner !== "b" && bt.winner !== "tie")
      throw new TypeError(
        `${where}: battles[${k}].winner must be "a", "b" or "tie", got ${JSON.stringify(bt.winner)}`,
      );
    return { i: idOf(bt.a), j: idOf(bt.b), y: bt.winner === "a" ? 1 : bt.winner === "b" ? 0 : 0.5 };
  });
  const M = models.length;
  const counts = new Array<number>(M).fill(0);
  for (const c of coded) {
    counts[c.i]!++;
    counts[c.j]!++;
  }
  // Battles with the same (a, b, outcome) enter the likelihood identically, so the fits run over
  // the distinct ones, weighted by count (as Arena's compute_bootstrap_bt does): a few dozen rows
  // instead of thousands of votes, and the same ratings.
  const keyOf = new Map<string, number>();
  const distinct: Omit<Pair, "w">[] = [];
  const battleKey = coded.map((c) => {
    const key = `${c.i},${c.j},${c.y}`;
    let k = keyOf.get(key);
    if (k === undefined) {
      k = distinct.push(c) - 1;
      keyOf.set(key, k);
    }
    return k;
  });
  const weighted = (w: number[]) =>
    distinct.map((c, k) => ({ ...c, w: w[k]! })).filter((p) => p.w > 0);
  const ones = new Array<number>(distinct.length).fill(0);
  for (const k of battleKey) ones[k]!++;
  const point = fitRatings(M, weighted(ones));
  const out: BradleyTerryRating[] = models.map((model, i) => ({
    model,
    rating: point.ratings[i]!,
    battles: counts[i]!,
    prior: point.prior,
  }));
  const rounds = options?.bootstrap ?? 0;
  if (!Number.isInteger(rounds) || rounds < 0)
    throw new TypeError(`${where}: bootstrap must be a non-negative integer`);
  if (rounds > 0) {
    const rng = defaultRng(options?.seed ?? 0);
    const samples = models.map(() => [] as number[]);
    const n = coded.length;
    for (let r = 0; r < rounds; r++) {
      const w = new Array<number>(distinct.length).fill(0);
      for (let k = 0; k < n; k++) w[battleKey[rng.below(n)]!]!++;
      const res = fitRatings(M, weighted(w));
      for (const [i, v] of res.ratings.entries()) samples[i]!.push(v);
    }
    out.forEach((o, i) => {
      const s = samples[i]!.sort((x, y) => x - y);
      o.ciLow = quantile(s, 0.025);
      o.ciHigh = quantile(s, 0.975);
    });
    for (const o of out) o.rank = 1 + out.filter((p) => p.ciLow! > o.ciHigh!).length;
  }
  return out.sort((x, y) => y.rating - x.rating);
}

/** MLE exists iff the "has beaten (or tied)" graph is strongly connected (Zermelo, 1929; Ford, 1957). */
function mleExists(M: number, pairs: Pair[]): boolean {
  const present = new Array<boolean>(M).fill(false);
  const fwd = Array.from({ length: M }, () => [] as number[]);
  const back = Array.from({ length: M }, () => [] as number[]);
  for (const p of pairs) {
    present[p.i] = present[p.j] = true;
    if (p.y > 0) {
      fwd[p.i]!.push(p.j);
      back[p.j]!.push(p.i);
    }
    if (p.y < 1) {
      fwd[p.j]!.push(p.i);
      back[p.i]!.push(p.j);
    }
  }
  const nodes = [...Array(M).keys()].filter((i) => present[i]);
  if (nodes.length !== M) return false;
  const reach = (adj: number[][]) => {
    const seen = new Array<boolean>(M).fill(false);
    const stack = [0];
    seen[0] = true;
    while (stack.length)
      for (const v of adj[stack.pop()!]!)
        if (!seen[v]) {
          seen[v] = true;
          stack.push(v);
        }
    return seen.every(Boolean);
  };
  return reach(fwd) && reach(back);
}

function fitRatings(M: number, pairs: Pair[]): { ratings: number[]; prior: boolean } {
  const prior = !mleExists(M, pairs);
  const r = new Array<number>(M).fill(0);
  const loglik = (x: number[]) => {
    let l = 0;
    for (const p of pairs) {
      const z = ALPHA * (x[p.i]! - x[p.j]!);
      l += p.w * (p.y * logSigmoid(z) + (1 - p.y) * logSigmoid(-z));
    }
    if (prior)
      for (let i = 0; i < M; i++)
        l += 0.5 * logSigmoid(ALPHA * x[i]!) + 0.5 * logSigmoid(-ALPHA * x[i]!);
    return l;
  };
  let current = loglik(r);
  for (let iter = 0; iter < 200; iter++) {
    const g = new Array<number>(M).fill(0);
    const H = Array.from({ length: M }, () => new Array<number>(M).fill(0));
    for (const p of pairs) {
      const s = sigmoid(ALPHA * (r[p.i]! - r[p.j]!));
      const gi = p.w * ALPHA * (p.y - s);
      const h = p.w * ALPHA * ALPHA * s * (1 - s);
      g[p.i]! += gi;
      g[p.j]! -= gi;
      H[p.i]![p.i]! += h;
      H[p.j]![p.j]! += h;
      H[p.i]![p.j]! -= h;
      H[p.j]![p.i]! -= h;
    }
    if (prior) {
      for (let i = 0; i < M; i++) {
        const s = sigmoid(ALPHA * r[i]!);
        g[i]! += ALPHA * (0.5 - s);
        H[i]![i]! += ALPHA * ALPHA * s * (1 - s);
      }
    } else {
      // The likelihood only sees differences: add 11ᵀ so the Newton system is regular, mean stays 0.
      for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) H[i]![j]! += 1;
    }
    const step = solve(H, g);
    let t = 1;
    let next = r.map((v, i) => v + t * step[i]!);
    let val = loglik(next);
    while (val < current - 1e-12 && t > 1e-8) {
      t /= 2;
      next = r.map((v, i) => v + t * step[i]!);
      val = loglik(next);
    }
    const moved = Math.max(...step.map((s) => Math.abs(t * s)));
    for (let i = 0; i < M; i++) r[i] = next[i]!;
    current = val;
    if (moved < 1e-12) break;
  }
  const mean = r.reduce((s, v) => s + v, 0) / M;
  return { ratings: r.map((v) => 400 * (v - mean) + 1000), prior };
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
function logSigmoid(z: number): number {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

/** Gaussian elimination with partial pivoting (the systems are models × models, small). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]!;
    if (piv === 0) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / piv;
      if (f !== 0) for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => (row[i] === 0 ? 0 : row[n]! / row[i]!));
}
