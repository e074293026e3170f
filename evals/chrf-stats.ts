/**
 * chrF / chrF++ sufficient statistics per segment, as sacreBLEU 2.6.0 `CHRF` extracts them
 * (Popović, 2015, "chrF: character n-gram F-score for automatic MT evaluation", WMT; chrF++:
 * Popović, 2017, WMT). Per order: [nHyp, nRef, nMatch]. Quirks kept on purpose: nHyp is 0 when
 * the reference has no n-gram of that order; with several references the one with the strictly
 * best sentence F-score wins (the first on ties); punctuation splitting takes at most one
 * character off each word, trailing first (sacreBLEU issue #124).
 */

import { chrfFScore, type ResolvedChrfOptions } from "./chrf-score";
import { chrfSlowStats } from "./chrf-slow";
import { splitWordsForChrf } from "./chrf-words";
import { CountTable } from "./internal/count-table";
import { isPyWhitespace, pyLower } from "./internal/python-text";

export interface ChrfCorpusStats {
  stats: Float64Array;
  width: number;
  numRefs: number;
}

export function extractChrfStats(
  hypotheses: string[],
  references: (string | null)[][],
  o: ResolvedChrfOptions,
): ChrfCorpusStats {
  const width = 3 * (o.charOrder + o.wordOrder);
  const S = hypotheses.length;
  const stats = new Float64Array(S * width);
  const seg = new ChrfSegmentCounter(o);
  const refCounts = new Set<number>();
  const refs: string[] = [];
  for (let i = 0; i < S; i++) {
    refs.length = 0;
    for (const stream of references) {
      const r = stream[i];
      if (r !== null && r !== undefined) refs.push(r);
    }
    refCounts.add(refs.length);
    seg.segment(hypotheses[i]!, refs, stats, i * width);
  }
  return { stats, width, numRefs: refCounts.size === 1 ? [...refCounts][0]! : -1 };
}

/** Segment-local integer ids for code points (stamped arrays for the BMP, a Map beyond). */
class CharIds {
  private readonly bmp = new Int32Array(0x10000);
  private readonly stamp = new Int32Array(0x10000);
  private readonly astral = new Map<number, number>();
  private gen = 0;
  size = 0;

  reset(): void {
    this.gen++;
    this.astral.clear();
    this.size = 0;
  }

  /** Ids of the code points of `s`, Python whitespace dropped unless `keepWs`. */
  encode(s: string, keepWs: boolean): number[] {
    const out: number[] = [];
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          let id = this.astral.get(c);
          if (id === undefined) {
            id = ++this.size;
            this.astral.set(c, id);
          }
          out.push(id);
          continue;
        }
      }
      if (!keepWs && isPyWhitespace(c)) continue;
      if (this.stamp[c] !== this.gen) {
        this.stamp[c] = this.gen;
        this.bmp[c] = ++this.size;
      }
      out.push(this.bmp[c]!);
    }
    return out;
  }
}

export class ChrfSegmentCounter {
  private readonly chars = new CharIds();
  private readonly words = new Map<string, number>();
  private readonly charTable = new CountTable();
  private readonly wordTable = new CountTable();
  private readonly order: number;
  private readonly best: Float64Array;
  private readonly cur: Float64Array;

  constructor(private readonly o: ResolvedChrfOptions) {
    this.order = o.charOrder + o.wordOrder;
    this.best = new Float64Array(3 * this.order);
    this.cur = new Float64Array(3 * this.order);
  }

  private wordIds(line: string): number[] {
    if (this.o.wordOrder === 0) return [];
    return splitWordsForChrf(line).map((w) => {
      let id = this.words.get(w);
      if (id === undefined) {
        id = this.words.size + 1;
        this.words.set(w, id);
      }
      return id;
    });
  }

  segment(hypothesis: string, refs: string[], out: Float64Array, at: number): void {
    const o = this.o;
    const hypText = o.lowercase ? pyLower(hypothesis) : hypothesis;
    const refTexts = o.lowercase ? refs.map(pyLower) : refs;
    this.chars.reset();
    this.words.clear();
    const hc = this.chars.encode(hypText, o.whitespace);
    const hw = this.wordIds(hypText);
    const rc = refTexts.map((r) => this.chars.encode(r, o.whitespace));
    const rw = refTexts.map((r) => this.wordIds(r));
    const cBase = this.chars.size + 1,
      wBase = this.words.size + 1;
    if (
      cBase ** o.charOrder >= Number.MAX_SAFE_INTEGER ||
      wBase ** o.wordOrder >= Number.MAX_SAFE_INTEGER
    ) {
      chrfSlowStats(hypText, refTexts, o, this.best);
    } else {
      insertAll(this.charTable, hc, o.charOrder, cBase);
      insertAll(this.wordTable, hw, o.wordOrder, wBase);
      let bestF = -1;
      const cur = this.cur;
      for (let k = 0; k < refTexts.length; k++) {
        matchAll(this.charTable, hc.length, rc[k]!, o.charOrder, cBase, cur, 0);
        matchAll(this.wordTable, hw.length, rw[k]!, o.wordOrder, wBase, cur, 3 * o.charOrder);
        const f = chrfFScore(cur, o);
        if (f > bestF) {
          bestF = f;
          this.best.set(cur);
        }
      }
    }
    for (let j = 0; j < this.best.length; j++) out[at + j] = this.best[j]!;
  }
}

/** Counts every n-gram of order 1..maxOrder of `ids` (keys of different orders never collide). */
function insertAll(t: CountTable, ids: number[], maxOrder: number, base: number): void {
  const L = ids.length;
  t.reset(L * maxOrder);
  for (let i = 0; i < L; i++) {
    let key = 0,
      h = 0x811c9dc5 | 0;
    const maxN = Math.min(maxOrder, L - i);
    for (let n = 1; n <= maxN; n++) {
      const id = ids[i + n - 1]!;
      key = key * base + id;
      h = Math.imul(h ^ id, 0x01000193) ^ (id >>> 7); // FNV-1a style; inlined: imported bindings are getters under tsx
      t.counts[t.slot(key, h)]!++;
    }
  }
}

/** Writes [nHyp, nRef, nMatch] per order against one reference into cur[offset..]. */
function matchAll(
  t: CountTable,
  hypLen: number,
  ref: number[],
  maxOrder: number,
  base: number,
  cur: Float64Array,
  offset: number,
): void {
  const L = ref.length;
  t.resetAux();
  for (let n = 1; n <= maxOrder; n++) cur[offset + 3 * (n - 1) + 2] = 0;
  for (let i = 0; i < L; i++) {
    let key = 0,
      h = 0x811c9dc5 | 0;
    const maxN = Math.min(maxOrder, L - i);
    for (let n = 1; n <= maxN; n++) {
      const id = ref[i + n - 1]!;
      key = key * base + id;
      h = Math.imul(h ^ id, 0x01000193) ^ (id >>> 7); // FNV-1a style; inlined: imported bindings are getters under tsx
      const s = t.find(key, h);
      if (s >= 0 && t.aux[s]! < t.counts[s]!) {
        t.aux[s]!++;
        cur[offset + 3 * (n - 1) + 2]!++;
      }
    }
  }
  for (let n = 1; n <= maxOrder; n++) {
    const nRef = Math.max(0, L - n + 1);
    cur[offset + 3 * (n - 1)] = nRef > 0 ? Math.max(0, hypLen - n + 1) : 0;
    cur[offset + 3 * (n - 1) + 1] = nRef;
  }
}
