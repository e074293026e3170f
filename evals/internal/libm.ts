/**
 * Correctly rounded exp and log via double-double arithmetic (Dekker, 1971; Shewchuk, 1997).
 * V8's Math.exp/Math.log (fdlibm) are faithful but not correctly rounded, while glibc's, which
 * Python's math module calls, round correctly in all but vanishingly rare cases; BLEU goes
 * through exp and log, so this is what makes its last digit equal sacreBLEU's.
 */
const SPLIT = 134217729; // 2^27 + 1

function twoSum(a: number, b: number, out: number[]): void {
  const s = a + b;
  const bb = s - a;
  out[0] = s;
  out[1] = a - (s - bb) + (b - bb);
}
function twoProd(a: number, b: number, out: number[]): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a),
    al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b),
    bl = b - bh;
  out[0] = p;
  out[1] = ah * bh - p + ah * bl + al * bh + al * bl;
}

const tmp = [0, 0],
  tmp2 = [0, 0];
/** (ah, al) * (bh, bl) -> normalised double-double. */
function mulDD(ah: number, al: number, bh: number, bl: number, out: number[]): void {
  twoProd(ah, bh, tmp);
  const lo = tmp[1]! + (ah * bl + al * bh);
  twoSum(tmp[0]!, lo, out);
}
function addDD(ah: number, al: number, bh: number, bl: number, out: number[]): void {
  twoSum(ah, bh, tmp2);
  const lo = tmp2[1]! + al + bl;
  twoSum(tmp2[0]!, lo, out);
}

// ln 2 as a double-double: Math.LN2 is the double nearest ln 2, LN2_LO what it leaves out.
const LN2_HI = Math.LN2;
const LN2_LO = 2.3190468138462996e-17;
const INV_FACT: number[] = [];
{
  // 1/n! as double-doubles, n = 0..20
  let f = [1, 0];
  for (let n = 0; n <= 20; n++) {
    if (n > 0) {
      const q = 1 / n;
      const h = [0, 0];
      // f /= n in double-double: f * (1/n) corrected by the residual of the division.
      mulDD(f[0]!, f[1]!, q, 0, h);
      twoProd(h[0]!, n, tmp);
      const r = f[0]! - tmp[0]! - tmp[1]! + f[1]! - h[1]! * n;
      twoSum(h[0]!, h[1]! + r / n, h);
      f = h;
    }
    INV_FACT.push(f[0]!, f[1]!);
  }
}

/** e^x as a double-double [hi, lo]. */
function expDD(x: number, out: number[]): void {
  const k = Math.round(x / LN2_HI);
  // r = x - k*ln2, in double-double
  const r = [0, 0];
  twoProd(k, LN2_HI, r);
  addDD(x, 0, -r[0]!, -r[1]!, r);
  addDD(r[0]!, r[1]!, -k * LN2_LO, 0, r);
  const s0 = r[0]! / 1024,
    s1 = r[1]! / 1024;
  // Taylor series of e^s - 1, |s| < 3.5e-4
  const acc = [0, 0],
    term = [s0, s1];
  for (let n = 1; n <= 12; n++) {
    mulDD(term[0]!, term[1]!, INV_FACT[2 * n]!, INV_FACT[2 * n + 1]!, tmp2);
    addDD(acc[0]!, acc[1]!, tmp2[0]!, tmp2[1]!, acc);
    mulDD(term[0]!, term[1]!, s0, s1, term);
  }
  // (1 + u)^(2^10) by repeated squaring of u: (1+u)^2 = 1 + (2u + u^2)
  for (let i = 0; i < 10; i++) {
    const sq = [0, 0];
    mulDD(acc[0]!, acc[1]!, acc[0]!, acc[1]!, sq);
    addDD(2 * acc[0]!, 2 * acc[1]!, sq[0]!, sq[1]!, acc);
  }
  addDD(1, 0, acc[0]!, acc[1]!, out);
  const scale = 2 ** k;
  out[0] = out[0]! * scale;
  out[1] = out[1]! * scale;
}

const e = [0, 0];
export function exactExp(x: number): number {
  if (!(x > -708 && x < 709)) return Math.exp(x);
  expDD(x, e);
  return e[0]! + e[1]!;
}

export function exactLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x) || x < 1e-300) return Math.log(x);
  const y0 = Math.log(x);
  expDD(-y0, e);
  // t = x * e^{-y0} - 1 ~ (log x - y0); log x = y0 + t - t^2/2, t^2 far below one ulp
  const p = [0, 0];
  mulDD(x, 0, e[0]!, e[1]!, p);
  addDD(p[0]!, p[1]!, -1, 0, p);
  const s = [0, 0];
  twoSum(y0, p[0]!, s);
  return s[0]! + (s[1]! + p[1]!);
}
