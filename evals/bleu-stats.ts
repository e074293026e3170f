/**
 * BLEU sufficient statistics per segment, as sacreBLEU 2.6.0 `BLEU._extract_corpus_statistics`
 * computes them (Papineni et al., 2002, ACL; Post, 2018, WMT): clipped n-gram matches against the
 * per-n-gram MAX count over the segment's references, and the closest reference length (ties go
 * to the shorter one). Row layout: [hypLen, refLen, correct_1..N, total_1..N].
 */
import { LocalVocab, numericKeysFit } from "./internal/ngram-keys";
import { pyLower, pyRstrip, pySplit } from "./internal/python-text";
import { getTokenizer, type TokenizerName } from "./tokenizers";

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
  const tok = getTokenizer(cfg.tokenize);
  // 13a, intl and zh already return ' '.join(line.split()), so a plain split on ' ' is exact.
  const normalised = cfg.tokenize === "13a" || cfg.tokenize === "intl" || cfg.tokenize === "zh";
  return (seg: string) => {
    const out = tok(pyRstrip(cfg.lowercase ? pyLower(seg) : seg));
    if (normalised) return out === "" ? [] : out.split(" ");
    return pySplit(out);
  };
}

export function extractBleuStats(hypotheses: string[], references: (string | null)[][], cfg: BleuStatsConfig): BleuCorpusStats {
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

/** Reusable per-segment counter; all maps are cleared between segments to stay small. */
export class SegmentCounter {
  private readonly vocab = new LocalVocab();
  private readonly refMax = new Map<number | string, number>();
  private readonly refOne = new Map<number | string, number>();
  private ids: number[] = [];

  constructor(private readonly N: number) {}

  segment(hyp: string[], refs: string[][], out: Float64Array, at: number): void {
    const N = this.N;
    const vocab = this.vocab;
    vocab.reset();
    for (const r of refs) for (const t of r) vocab.id(t);
    for (const t of hyp) vocab.id(t);
    const numeric = numericKeysFit(vocab.size, N);
    const base = vocab.size + 1;
    const refMax = this.refMax;
    refMax.clear();

    let refLen = -1;
    let bestDiff = -1;
    for (let k = 0; k < refs.length; k++) {
      const r = refs[k]!;
      const len = r.length;
      const diff = Math.abs(hyp.length - len);
      if (bestDiff === -1 || diff < bestDiff) {
        bestDiff = diff;
        refLen = len;
      } else if (diff === bestDiff && len < refLen) {
        refLen = len;
      }
      const target = k === 0 ? refMax : this.refOne;
      if (k > 0) target.clear();
      this.forEachNgram(r, numeric, base, (key) => target.set(key, (target.get(key) ?? 0) + 1));
      if (k > 0) {
        for (const [key, c] of target) if (c > (refMax.get(key) ?? 0)) refMax.set(key, c);
      }
    }

    out[at] = hyp.length;
    out[at + 1] = refLen;
    for (let n = 1; n <= N; n++) out[at + 1 + N + n] = Math.max(0, hyp.length - n + 1);
    // Consuming reference counts as hypothesis n-grams match gives sum(min(hyp, ref)) per n-gram.
    this.forEachNgram(hyp, numeric, base, (key, n) => {
      const c = refMax.get(key);
      if (c !== undefined && c > 0) {
        refMax.set(key, c - 1);
        out[at + 1 + n] = out[at + 1 + n]! + 1;
      }
    });
  }

  private forEachNgram(tokens: string[], numeric: boolean, base: number, visit: (key: number | string, n: number) => void): void {
    const N = this.N;
    const L = tokens.length;
    if (numeric) {
      const ids = this.ids;
      ids.length = L;
      for (let i = 0; i < L; i++) ids[i] = this.vocab.id(tokens[i]!);
      for (let i = 0; i < L; i++) {
        let key = 0;
        const maxN = Math.min(N, L - i);
        for (let n = 1; n <= maxN; n++) {
          key = key * base + ids[i + n - 1]!;
          visit(key, n);
        }
      }
    } else {
      for (let i = 0; i < L; i++) {
        let key = "";
        const maxN = Math.min(N, L - i);
        for (let n = 1; n <= maxN; n++) {
          key = n === 1 ? tokens[i]! : `${key} ${tokens[i + n - 1]!}`;
          visit(key, n);
        }
      }
    }
  }
}
