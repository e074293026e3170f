/**
 * numpy's `np.random.default_rng(seed)`: SeedSequence (O'Neill's seed_seq hashing, numpy
 * bit_generator.pyx) feeding PCG64 XSL-RR 128/64 (O'Neill, 2014, "PCG: A Family of Simple Fast
 * Space-Efficient Statistically Good Algorithms for Random Number Generation"), plus the two
 * draws sacreBLEU makes: `choice(n, size, replace=True)` (Lemire's bounded integers on 32-bit
 * draws, numpy distributions.c) and `integers(2, dtype=bool)`. Bit-for-bit equal to numpy, so
 * bootstrap CIs and p-values equal sacreBLEU's. 128-bit state is held as eight 16-bit limbs so
 * every partial product stays exact in a double.
 */
const MASK32 = 0x100000000;
const MULT = [0xf645, 0x9fcc, 0xdf64, 0x4385, 0x5da4, 0x1fc6, 0xed05, 0x2360];

const mul32 = (a: number, b: number) => Math.imul(a, b) >>> 0;

/** numpy SeedSequence(seed).generate_state(8) as uint32 words (pool size 4). */
export function seedSequenceWords(seed: number, nWords = 8): number[] {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  const entropy: number[] = [];
  let s = seed;
  do {
    entropy.push(s % MASK32);
    s = Math.floor(s / MASK32);
  } while (s > 0);
  let hashConst = 0x43b0d7e5;
  const hashmix = (value: number): number => {
    let v = (value ^ hashConst) >>> 0;
    hashConst = mul32(hashConst, 0x931e8875);
    v = mul32(v, hashConst);
    return (v ^ (v >>> 16)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (mul32(0xca01f9dd, x) - mul32(0x4973f715, y)) >>> 0;
    return (r ^ (r >>> 16)) >>> 0;
  };
  const pool = [0, 1, 2, 3].map((i) => hashmix(entropy[i] ?? 0));
  for (let src = 0; src < 4; src++)
    for (let dst = 0; dst < 4; dst++)
      if (src !== dst) pool[dst] = mix(pool[dst]!, hashmix(pool[src]!));
  for (let src = 4; src < entropy.length; src++)
    for (let dst = 0; dst < 4; dst++) pool[dst] = mix(pool[dst]!, hashmix(entropy[src]!));
  let hc = 0x8b51f9dd;
  const out: number[] = [];
  for (let i = 0; i < nWords; i++) {
    let v = (pool[i % 4]! ^ hc) >>> 0;
    hc = mul32(hc, 0x58f38ded);
    v = mul32(v, hc);
    out.push((v ^ (v >>> 16)) >>> 0);
  }
  return out;
}

/** 128-bit value from two uint64s given as (low32, high32) word pairs, as 16-bit limbs. */
function limbsFromWords(hiLo32: number, hiHi32: number, loLo32: number, loHi32: number): number[] {
  const limbs: number[] = [];
  for (const w of [loLo32, loHi32, hiLo32, hiHi32]) limbs.push(w & 0xffff, w >>> 16);
  return limbs;
}

export class Pcg64 {
  private readonly state = new Array<number>(8).fill(0);
  private readonly inc: number[];
  private readonly col = new Array<number>(8).fill(0);
  private hasUint32 = false;
  private uinteger = 0;
  // XSL-RR output of the last step, as two 32-bit halves.
  private outLo = 0;
  private outHi = 0;

  constructor(seed: number) {
    const w = seedSequenceWords(seed, 8);
    // u64[k] = w[2k] | w[2k+1] << 32; seed128 = u64[0] << 64 | u64[1]; inc128 = u64[2] << 64 | u64[3].
    const seed128 = limbsFromWords(w[0]!, w[1]!, w[2]!, w[3]!);
    const initSeq = limbsFromWords(w[4]!, w[5]!, w[6]!, w[7]!);
    // inc = initSeq << 1 | 1 (mod 2^128)
    this.inc = new Array<number>(8);
    let carry = 1;
    for (let i = 0; i < 8; i++) {
      const v = initSeq[i]! * 2 + carry;
      this.inc[i] = v & 0xffff;
      carry = v >>> 16;
    }
    this.step();
    let c = 0;
    for (let i = 0; i < 8; i++) {
      const v = this.state[i]! + seed128[i]! + c;
      this.state[i] = v & 0xffff;
      c = v >>> 16;
    }
    this.step();
  }

  /** state = state * MULT + inc (mod 2^128). */
  private step(): void {
    const s = this.state,
      col = this.col;
    for (let k = 0; k < 8; k++) {
      let acc = this.inc[k]!;
      for (let i = 0; i <= k; i++) acc += s[i]! * MULT[k - i]!;
      col[k] = acc;
    }
    let carry = 0;
    for (let k = 0; k < 8; k++) {
      const v = col[k]! + carry;
      s[k] = v % 65536;
      carry = Math.floor(v / 65536);
    }
  }

  /** Current 128-bit state as a decimal string (for tests against numpy's bit_generator.state). */
  stateString(): string {
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 16n) | BigInt(this.state[i]!);
    return v.toString();
  }

  private next64(): void {
    this.step();
    const s = this.state;
    const lo = ((s[0]! | (s[1]! << 16)) ^ (s[4]! | (s[5]! << 16))) >>> 0;
    const hi = ((s[2]! | (s[3]! << 16)) ^ (s[6]! | (s[7]! << 16))) >>> 0;
    let rot = s[7]! >>> 10;
    let a = lo,
      b = hi;
    if (rot >= 32) {
      [a, b] = [b, a];
      rot -= 32;
    }
    if (rot === 0) {
      this.outLo = a;
      this.outHi = b;
    } else {
      this.outLo = ((a >>> rot) | (b << (32 - rot))) >>> 0;
      this.outHi = ((b >>> rot) | (a << (32 - rot))) >>> 0;
    }
  }

  /** numpy `next_uint64` as a BigInt (tests only; hot paths use next32). */
  nextUint64(): bigint {
    this.next64();
    return (BigInt(this.outHi) << 32n) | BigInt(this.outLo);
  }

  /** numpy pcg64_next32: low half of a fresh 64-bit output first, the high half on the next call. */
  next32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.next64();
    this.hasUint32 = true;
    this.uinteger = this.outHi;
    return this.outLo;
  }

  /** One draw of `integers(0, n)` (= `choice(n)` with replacement) for 1 <= n <= 2^32. */
  below(n: number): number {
    const rng = n - 1;
    if (rng === 0) return 0;
    if (rng === 0xffffffff) return this.next32();
    const excl = rng + 1;
    let [lo, hi] = mulWide(this.next32(), excl);
    if (lo < excl) {
      const threshold = (MASK32 - excl) % excl;
      while (lo < threshold) [lo, hi] = mulWide(this.next32(), excl);
    }
    return hi;
  }

  private boolBuf = 0;
  private boolCnt = 0;

  /** One draw of `integers(2, dtype=bool)`: 32 bits per next32, least significant first. */
  nextBool(): boolean {
    if (this.boolCnt === 0) {
      this.boolBuf = this.next32();
      this.boolCnt = 31;
    } else {
      this.boolBuf >>>= 1;
      this.boolCnt--;
    }
    return (this.boolBuf & 1) !== 0;
  }
}

/** Exact 64-bit product of two uint32s (b <= 2^32) as [low32, high32]. */
function mulWide(a: number, b: number): [number, number] {
  const aLo = a & 0xffff,
    aHi = a >>> 16;
  const lo = aLo * b; // < 2^48
  const hiPart = aHi * b; // < 2^48, weight 2^16
  const sumLow = (hiPart % 65536) * 65536 + (lo % MASK32);
  const low32 = sumLow % MASK32;
  const high = Math.floor(hiPart / 65536) + Math.floor(lo / MASK32) + Math.floor(sumLow / MASK32);
  return [low32, high];
}

/** `np.random.default_rng(seed)`. */
export function defaultRng(seed: number): Pcg64 {
  return new Pcg64(seed);
}

/** mulberry32: a tiny, fast seeded PRNG in [0, 1) for data that must be the same on every machine
 *  (seeded splits, generated test and benchmark corpora). Not numpy-compatible: see Pcg64 for that. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
