/**
 * chrF F-score from aggregated statistics: sacreBLEU 2.6.0 `CHRF._compute_f_score`.
 * Default: sacreBLEU's "effective order" averaging of precision and recall over orders with
 * both hypothesis and reference n-grams; `epsSmoothing` is the chrF++.py / Moses / NLTK style.
 */
export interface ResolvedChrfOptions {
  charOrder: number;
  wordOrder: number;
  beta: number;
  lowercase: boolean;
  whitespace: boolean;
  epsSmoothing: boolean;
}

const EPS = 1e-16;

export function chrfFScore(stats: ArrayLike<number>, o: ResolvedChrfOptions): number {
  const order = o.charOrder + o.wordOrder;
  const factor = o.beta ** 2;
  let score = 0;
  let effectiveOrder = 0;
  let avgPrec = 0;
  let avgRec = 0;
  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i]!,
      nRef = stats[3 * i + 1]!,
      nMatch = stats[3 * i + 2]!;
    const prec = nHyp > 0 ? nMatch / nHyp : EPS;
    const rec = nRef > 0 ? nMatch / nRef : EPS;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : EPS;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      effectiveOrder++;
    }
  }
  if (o.epsSmoothing) return (100 * score) / order;
  if (effectiveOrder === 0) return 0.0;
  avgPrec /= effectiveOrder;
  avgRec /= effectiveOrder;
  if (avgPrec + avgRec === 0) return 0.0;
  return 100 * (((1 + factor) * avgPrec * avgRec) / (factor * avgPrec + avgRec));
}

/**
 * A number as sacreBLEU's bootstrap holds it: a numpy float32 (`f32`) or a Python float/int.
 * Its bootstrap sums float32 rows, and under numpy >= 2 (NEP 50) a Python scalar meeting a
 * float32 is cast to float32, so precision and recall are computed in float32.
 */
export interface PyNum {
  v: number;
  f32: boolean;
}
const py = (v: number): PyNum => ({ v, f32: false });
function op(a: PyNum, b: PyNum, fn: (x: number, y: number) => number): PyNum {
  if (a.f32 || b.f32) return { v: Math.fround(fn(Math.fround(a.v), Math.fround(b.v))), f32: true };
  return { v: fn(a.v, b.v), f32: false };
}
const add = (a: PyNum, b: PyNum) => op(a, b, (x, y) => x + y);
const mul = (a: PyNum, b: PyNum) => op(a, b, (x, y) => x * y);
const div = (a: PyNum, b: PyNum) => op(a, b, (x, y) => x / y);

/** `_compute_f_score` on a float32 row (sacreBLEU's bootstrap), returning the value and its type. */
export function chrfFScoreF32(stats: ArrayLike<number>, o: ResolvedChrfOptions): PyNum {
  const order = o.charOrder + o.wordOrder;
  const factor = py(o.beta ** 2);
  const onePlus = py(1 + o.beta ** 2);
  let score = py(0);
  let effectiveOrder = 0;
  let avgPrec = py(0);
  let avgRec = py(0);
  for (let i = 0; i < order; i++) {
    const nHyp: PyNum = { v: Math.fround(stats[3 * i]!), f32: true };
    const nRef: PyNum = { v: Math.fround(stats[3 * i + 1]!), f32: true };
    const nMatch: PyNum = { v: Math.fround(stats[3 * i + 2]!), f32: true };
    const prec = nHyp.v > 0 ? div(nMatch, nHyp) : py(EPS);
    const rec = nRef.v > 0 ? div(nMatch, nRef) : py(EPS);
    const denom = add(mul(factor, prec), rec);
    score = add(score, denom.v > 0 ? div(mul(mul(onePlus, prec), rec), denom) : py(EPS));
    if (nHyp.v > 0 && nRef.v > 0) {
      avgPrec = add(avgPrec, prec);
      avgRec = add(avgRec, rec);
      effectiveOrder++;
    }
  }
  if (o.epsSmoothing) return div(mul(py(100), score), py(order));
  if (effectiveOrder === 0) return py(0.0);
  avgPrec = div(avgPrec, py(effectiveOrder));
  avgRec = div(avgRec, py(effectiveOrder));
  if (add(avgPrec, avgRec).v === 0) return py(0.0);
  let s = mul(mul(onePlus, avgPrec), avgRec);
  s = div(s, add(mul(factor, avgPrec), avgRec));
  return mul(py(100), s);
}
