/**
 * The exact reductions sacreBLEU's statistics go through, so means and CIs equal its output:
 * numpy's pairwise summation (`np.mean`, numpy loops_utils.h `pairwise_sum`, block 128, 8-way
 * unrolled), optionally in float32, and Python's `statistics.mean` (exact rational mean,
 * rounded once).
 */
export function npPairwiseSum(
  a: ArrayLike<number>,
  start: number,
  n: number,
  f32: boolean,
): number {
  const r = f32 ? Math.fround : (x: number) => x;
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = r(res + a[start + i]!);
    return res;
  }
  if (n <= 128) {
    const acc = new Array<number>(8);
    for (let j = 0; j < 8; j++) acc[j] = a[start + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8)
      for (let j = 0; j < 8; j++) acc[j] = r(acc[j]! + a[start + i + j]!);
    let res = r(
      r(r(acc[0]! + acc[1]!) + r(acc[2]! + acc[3]!)) +
        r(r(acc[4]! + acc[5]!) + r(acc[6]! + acc[7]!)),
    );
    for (; i < n; i++) res = r(res + a[start + i]!);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return r(npPairwiseSum(a, start, n2, f32) + npPairwiseSum(a, start + n2, n - n2, f32));
}

export function npMean(a: ArrayLike<number>, f32: boolean): number {
  const s = npPairwiseSum(a, 0, a.length, f32);
  return f32 ? Math.fround(s / a.length) : s / a.length;
}

/** Python `statistics.mean` over floats: the exact rational mean, correctly rounded to a double. */
export function exactMean(values: ArrayLike<number>): number {
  const parts: Array<[bigint, number]> = [];
  let minExp = Infinity;
  for (let i = 0; i < values.length; i++) {
    const [m, e] = decompose(values[i]!);
    parts.push([m, e]);
    if (m !== 0n) minExp = Math.min(minExp, e);
  }
  if (minExp === Infinity) return 0;
  let sum = 0n;
  for (const [m, e] of parts) if (m !== 0n) sum += m << BigInt(e - minExp);
  // mean = sum * 2^minExp / n
  const neg = sum < 0n;
  const p = neg ? -sum : sum;
  const q = BigInt(values.length);
  const v = ratioToDouble(p, q, minExp);
  return neg ? -v : v;
}

function decompose(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0),
    lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = bexp - 1075;
  }
  return [sign * mant, e];
}

/** Nearest double (ties to even) to p / q * 2^exp2, for p, q > 0 and a result in normal range. */
function ratioToDouble(p: bigint, q: bigint, exp2: number): number {
  const bits = (b: bigint) => b.toString(2).length;
  let k = 53 - (bits(p) - bits(q));
  const quotient = (kk: number): [bigint, bigint, bigint] => {
    const num = kk >= 0 ? p << BigInt(kk) : p;
    const den = kk >= 0 ? q : q << BigInt(-kk);
    return [num / den, num % den, den];
  };
  let [quo, rem, den] = quotient(k);
  while (quo >= 1n << 53n) [quo, rem, den] = quotient(--k);
  while (quo < 1n << 52n) [quo, rem, den] = quotient(++k);
  if (2n * rem > den || (2n * rem === den && (quo & 1n) === 1n)) quo += 1n;
  return Number(quo) * 2 ** (exp2 - k);
}
