/**
 * BLEU sufficient statistics per segment, as sacreBLEU 2.6.0 `BLEU._extract_corpus_statistics`
 * computes them (Papineni et al., 2002, ACL; Post, 2018, WMT): clipped n-gram matches against the
 * per-n-gram MAX count over the segment's references, and the closest reference length (ties go
 * to the shorter one). Row layout: [hypLen, refLen, correct_1..N, total_1..N].
 */
import { CountTable } from "./internal/count-table";
import { numericKeysFit } from "./internal/ngram-keys";
import { pyLower, pyRstrip, pySplit } from "./internal/python-text";
import { getTokenizer, type TokenizerName } from "./tokenizers";
import { tokenize13aTokens } from "./tokenizers/13a";

export interface BleuStatsConfig {
  tokenize: TokenizerName;
  lowercase: boolean;
  maxNgramOrder: number;
}

export interface BleuCorpusStats {
  /** Row-major, `width` = 2 + 2N values per segment. */
  stats: Float64Array;
  width: number;
  /** Number of references per segment, or -1 when it varies (sacreBLEU's `nrefs:var`). */
  numRefs: number;
}

export function makePreprocessor(cfg: BleuStatsConfig): (seg: string) => string[] {
  if (cfg.tokenize === "13a")
    return (seg) => tokenize13aTokens(pyRstrip(cfg.lowercase ? pyLower(seg) : seg));
  const tok = getTokenizer(cfg.tokenize);
  // intl and zh already return ' '.join(line.split()), so a plain split on ' ' is exact.
  const normalised = cfg.tokenize === "intl" || cfg.tokenize === "zh";
  return (seg: string) => {
    const out = tok(pyRstrip(cfg.lowercase ? pyLower(seg) : seg));
    if (normalised) return out === "" ? [] : out.split(" ");
    return pySplit(out);
  };
}

export function extractBleuStats(
  hypotheses: string[],
  references: (string | null)[][],
  cfg: BleuStatsConfig,
): BleuCorpusStats {
  const N = cfg.maxNgramOrder;
  const width = 2 + 2 * N;
  const S = hypotheses.length;
  const stats = new Float64Array(S * width);
  const prep = makePreprocessor(cfg);
  const counter = new SegmentCounter(N);
  const refCounts = new Set<number>();
  const refTokens: string[][] = [];
  for (let i = 0; i < S; i++) {
    refTokens.length = 0;
    for (const stream of references) {
      const r = stream[i];
      if (r !== null && r !== undefined) refTokens.push(prep(r));
    }
    refCounts.add(refTokens.length);
    counter.segment(prep(hypotheses[i]!), refTokens, stats, i * width);
  }
  return { stats, width, numRefs: refCounts.size === 1 ? [...refCounts][0]! : -1 };
}

/** Reusable per-segment counter; tables are cleared between segments to stay small. */
export class SegmentCounter {
  private readonly vocab = new Map<string, number>();
  private readonly refMax = new CountTable();
  private readonly refOne = new CountTable();
  private readonly strMax = new Map<string, number>();
  private readonly strOne = new Map<string, number>();
  private idBufs: Int32Array[] = [];

  constructor(private readonly N: number) {}

  private ids(tokens: string[], k: number): Int32Array {
    let buf = this.idBufs[k];
    if (!buf || buf.length < tokens.length)
      buf = this.idBufs[k] = new Int32Array(Math.max(64, 2 * tokens.length));
    const vocab = this.vocab;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      let v = vocab.get(t);
      if (v === undefined) {
        v = vocab.size + 1;
        vocab.set(t, v);
      }
      buf[i] = v;
    }
    return buf;
  }

  segment(hyp: string[], refs: string[][], out: Float64Array, at: number): void {
    const N = this.N;
    this.vocab.clear();
    const refIds = refs.map((r, k) => this.ids(r, k + 1));
    const hypIds = this.ids(hyp, 0);
    const base = this.vocab.size + 1;

    let refLen = -1;
    let bestDiff = -1;
    let totalRef = 0;
    for (const r of refs) {
      const len = r.length;
      totalRef += len;
      const diff = Math.abs(hyp.length - len);
      if (bestDiff === -1 || diff < bestDiff) {
        bestDiff = diff;
        refLen = len;
      } else if (diff === bestDiff && len < refLen) {
        refLen = len;
      }
    }
    out[at] = hyp.length;
    out[at + 1] = refLen;
    for (let n = 1; n <= N; n++) out[at + 1 + N + n] = Math.max(0, hyp.length - n + 1);
    if (numericKeysFit(this.vocab.size, N))
      this.countNumeric(hyp.length, hypIds, refs, refIds, base, totalRef, out, at);
    else this.countStrings(hyp, refs, out, at);
  }

  private countNumeric(
    hypLen: number,
    hypIds: Int32Array,
    refs: string[][],
    refIds: Int32Array[],
    base: number,
    totalRef: number,
    out: Float64Array,
    at: number,
  ): void {
    const N = this.N;
    const refMax = this.refMax,
      refOne = this.refOne;
    refMax.reset(totalRef * N);
    for (let k = 0; k < refs.length; k++) {
      const L = refs[k]!.length,
        ids = refIds[k]!;
      const target = k === 0 ? refMax : refOne;
      if (k > 0) refOne.reset(L * N);
      for (let i = 0; i < L; i++) {
        let key = 0,
          h = 0x811c9dc5 | 0;
        const maxN = Math.min(N, L - i);
        for (let n = 1; n <= maxN; n++) {
          const id = ids[i + n - 1]!;
          key = key * base + id;
          h = Math.imul(h ^ id, 0x01000193) ^ (id >>> 7); // FNV-1a style; inlined: imported bindings are getters under tsx
          target.counts[target.slot(key, h)]!++;
        }
      }
      if (k > 0) {
        // Merge with max: the per-n-gram clip is the max count over references, not the sum.
        for (let u = 0; u < refOne.size; u++) {
          const s = refOne.usedSlot(u);
          const key = refOne.keys[s]!;
          const c = refOne.counts[s]!;
          const m = refMax.slot(key, refOne.hashes[s]!);
          if (c > refMax.counts[m]!) refMax.counts[m] = c;
        }
      }
    }
    // Consuming reference counts as hypothesis n-grams match gives sum(min(hyp, ref)) per n-gram.
    for (let i = 0; i < hypLen; i++) {
      let key = 0,
        h = 0x811c9dc5 | 0;
      const maxN = Math.min(N, hypLen - i);
      for (let n = 1; n <= maxN; n++) {
        const id = hypIds[i + n - 1]!;
        key = key * base + id;
        h = Math.imul(h ^ id, 0x01000193) ^ (id >>> 7); // FNV-1a style; inlined: imported bindings are getters under tsx
        const s = refMax.find(key, h);
        if (s >= 0 && refMax.counts[s]! > 0) {
          refMax.counts[s]!--;
          out[at + 1 + n]!++;
        }
      }
    }
  }

  /** Fallback for segments with a vocabulary too large for exact numeric keys. */
  private countStrings(hyp: string[], refs: string[][], out: Float64Array, at: number): void {
    const N = this.N;
    const refMax = this.strMax,
      refOne = this.strOne;
    refMax.clear();
    const each = (tokens: string[], visit: (key: string, n: number) => void) => {
      for (let i = 0; i < tokens.length; i++) {
        let key = "";
        for (let n = 1; n <= Math.min(N, tokens.length - i); n++) {
          key = n === 1 ? tokens[i]! : `${key} ${tokens[i + n - 1]!}`;
          visit(key, n);
        }
      }
    };
    refs.forEach((r, k) => {
      const target = k === 0 ? refMax : refOne;
      if (k > 0) refOne.clear();
      each(r, (key) => target.set(key, (target.get(key) ?? 0) + 1));
      if (k > 0) for (const [key, c] of refOne) if (c > (refMax.get(key) ?? 0)) refMax.set(key, c);
    });
    each(hyp, (key, n) => {
      const c = refMax.get(key);
      if (c !== undefined && c > 0) {
        refMax.set(key, c - 1);
        out[at + 1 + n]!++;
      }
    });
  }
}
