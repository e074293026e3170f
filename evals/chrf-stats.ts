/**
 * chrF / chrF++ sufficient statistics per segment, as sacreBLEU 2.6.0 `CHRF` extracts them
 * (Popović, 2015, "chrF: character n-gram F-score for automatic MT evaluation", WMT; chrF++:
 * Popović, 2017, WMT). Per order: [nHyp, nRef, nMatch]. Quirks kept on purpose: nHyp is 0 when
 * the reference has no n-gram of that order; with several references the one with the strictly
 * best sentence F-score wins (the first on ties); punctuation splitting takes at most one
 * character off each word, trailing first (sacreBLEU issue #124).
 */
import { ASCII_PUNCT, pyLower, pySplit } from "./internal/python-text";
import { chrfFScore, type ResolvedChrfOptions } from "./chrf-score";

export interface ChrfCorpusStats {
  stats: Float64Array;
  width: number;
  numRefs: number;
}

/** sacreBLEU `CHRF._remove_punctuation`. */
export function splitWordsForChrf(sent: string): string[] {
  const out: string[] = [];
  for (const w of pySplit(sent)) {
    const cps = Array.from(w);
    if (cps.length === 1) out.push(w);
    else if (ASCII_PUNCT.has(cps[cps.length - 1]!)) out.push(cps.slice(0, -1).join(""), cps[cps.length - 1]!);
    else if (ASCII_PUNCT.has(cps[0]!)) out.push(cps[0]!, cps.slice(1).join(""));
    else out.push(w);
  }
  return out;
}

/** Items (code points or words) mapped to segment-local integer ids, ready for n-gram keys. */
interface Units {
  chars: number[];
  words: number[];
}

export function extractChrfStats(hypotheses: string[], references: (string | null)[][], o: ResolvedChrfOptions): ChrfCorpusStats {
  const order = o.charOrder + o.wordOrder;
  const width = 3 * order;
  const S = hypotheses.length;
  const stats = new Float64Array(S * width);
  const seg = new ChrfSegmentCounter(o);
  const refCounts = new Set<number>();
  for (let i = 0; i < S; i++) {
    const refs: string[] = [];
    for (const stream of references) {
      const r = stream[i];
      if (r !== null && r !== undefined) refs.push(r);
    }
    refCounts.add(refs.length);
    seg.segment(hypotheses[i]!, refs, stats, i * width);
  }
  return { stats, width, numRefs: refCounts.size === 1 ? [...refCounts][0]! : -1 };
}

export class ChrfSegmentCounter {
  private readonly charIds = new Map<string, number>();
  private readonly wordIds = new Map<string, number>();
  // Per order: hypothesis n-gram key -> count, and per reference "already matched" counts.
  private readonly hypCounts: Map<number, number>[];
  private readonly taken: Map<number, number>[];
  private readonly order: number;
  private readonly best: number[];
  private readonly cur: number[];

  constructor(private readonly o: ResolvedChrfOptions) {
    this.order = o.charOrder + o.wordOrder;
    this.hypCounts = Array.from({ length: this.order }, () => new Map());
    this.taken = Array.from({ length: this.order }, () => new Map());
    this.best = new Array<number>(3 * this.order).fill(0);
    this.cur = new Array<number>(3 * this.order).fill(0);
  }

  segment(hypothesis: string, refs: string[], out: Float64Array, at: number): void {
    const o = this.o;
    this.charIds.clear();
    this.wordIds.clear();
    const hyp = this.units(o.lowercase ? pyLower(hypothesis) : hypothesis);
    const refUnits = refs.map((r) => this.units(o.lowercase ? pyLower(r) : r));
    const charBase = this.charIds.size + 1;
    const wordBase = this.wordIds.size + 1;
    const charNumeric = Math.pow(charBase, o.charOrder) < Number.MAX_SAFE_INTEGER;
    const wordNumeric = Math.pow(wordBase, o.wordOrder) < Number.MAX_SAFE_INTEGER;
    if (!charNumeric || !wordNumeric) {
      this.segmentSlow(hyp, refUnits, out, at);
      return;
    }
    for (let n = 1; n <= this.order; n++) {
      const m = this.hypCounts[n - 1]!;
      m.clear();
      const [seq, base, k] = n <= o.charOrder ? [hyp.chars, charBase, n] : [hyp.words, wordBase, n - o.charOrder];
      forEachKey(seq, k, base, (key) => m.set(key, (m.get(key) ?? 0) + 1));
    }
    let bestF = -1;
    for (const ref of refUnits) {
      const cur = this.cur;
      for (let n = 1; n <= this.order; n++) {
        const [hSeq, rSeq, base, k] = n <= o.charOrder
          ? [hyp.chars, ref.chars, charBase, n]
          : [hyp.words, ref.words, wordBase, n - o.charOrder];
        const hypMap = this.hypCounts[n - 1]!;
        const taken = this.taken[n - 1]!;
        taken.clear();
        let match = 0;
        forEachKey(rSeq, k, base, (key) => {
          const h = hypMap.get(key);
          if (h === undefined) return;
          const t = taken.get(key) ?? 0;
          if (t < h) {
            match++;
            taken.set(key, t + 1);
          }
        });
        const nRef = Math.max(0, rSeq.length - k + 1);
        cur[3 * (n - 1)] = nRef > 0 ? Math.max(0, hSeq.length - k + 1) : 0;
        cur[3 * (n - 1) + 1] = nRef;
        cur[3 * (n - 1) + 2] = match;
      }
      const f = chrfFScore(cur, o);
      if (f > bestF) {
        bestF = f;
        for (let j = 0; j < cur.length; j++) this.best[j] = cur[j]!;
      }
    }
    for (let j = 0; j < this.best.length; j++) out[at + j] = this.best[j]!;
  }

  /** Fallback with string n-gram keys, for segments whose alphabet is too large for numeric keys. */
  private segmentSlow(hyp: Units, refUnits: Units[], out: Float64Array, at: number): void {
    const o = this.o;
    const grams = (u: Units, n: number): Map<string, number> => {
      const [seq, k] = n <= o.charOrder ? [u.chars, n] : [u.words, n - o.charOrder];
      const m = new Map<string, number>();
      for (let i = 0; i + k <= seq.length; i++) {
        const key = seq.slice(i, i + k).join(",");
        m.set(key, (m.get(key) ?? 0) + 1);
      }
      return m;
    };
    const hypGrams = Array.from({ length: this.order }, (_, i) => grams(hyp, i + 1));
    let bestF = -1;
    for (const ref of refUnits) {
      const cur = this.cur;
      for (let n = 1; n <= this.order; n++) {
        const r = grams(ref, n);
        const h = hypGrams[n - 1]!;
        let match = 0, nRef = 0, nHyp = 0;
        for (const c of r.values()) nRef += c;
        for (const [g, c] of h) {
          nHyp += c;
          const rc = r.get(g);
          if (rc !== undefined) match += Math.min(c, rc);
        }
        cur[3 * (n - 1)] = r.size > 0 ? nHyp : 0;
        cur[3 * (n - 1) + 1] = nRef;
        cur[3 * (n - 1) + 2] = match;
      }
      const f = chrfFScore(cur, o);
      if (f > bestF) {
        bestF = f;
        for (let j = 0; j < cur.length; j++) this.best[j] = cur[j]!;
      }
    }
    for (let j = 0; j < this.best.length; j++) out[at + j] = this.best[j]!;
  }

  private units(line: string): Units {
    const chars: number[] = [];
    const text = this.o.whitespace ? line : pySplit(line).join("");
    for (const ch of text) {
      let id = this.charIds.get(ch);
      if (id === undefined) this.charIds.set(ch, (id = this.charIds.size + 1));
      chars.push(id);
    }
    const words: number[] = [];
    if (this.o.wordOrder > 0) {
      for (const w of splitWordsForChrf(line)) {
        let id = this.wordIds.get(w);
        if (id === undefined) this.wordIds.set(w, (id = this.wordIds.size + 1));
        words.push(id);
      }
    }
    return { chars, words };
  }
}

function forEachKey(seq: number[], k: number, base: number, visit: (key: number) => void): void {
  for (let i = 0; i + k <= seq.length; i++) {
    let key = 0;
    for (let j = 0; j < k; j++) key = key * base + seq[i + j]!;
    visit(key);
  }
}
