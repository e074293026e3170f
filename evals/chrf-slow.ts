/** String-keyed chrF statistics for segments whose alphabet is too large for numeric n-gram keys
 *  (the direct transcription of sacreBLEU's Counter-based extraction). */
import { chrfFScore, type ResolvedChrfOptions } from "./chrf-score";
import { splitWordsForChrf } from "./chrf-words";
import { pySplit } from "./internal/python-text";

function grams(seq: string[], k: number, joiner: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + k <= seq.length; i++) {
    const key = seq.slice(i, i + k).join(joiner);
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

export function chrfSlowStats(
  hyp: string,
  refs: string[],
  o: ResolvedChrfOptions,
  best: Float64Array,
): void {
  const order = o.charOrder + o.wordOrder;
  const units = (s: string) => ({
    chars: Array.from(o.whitespace ? s : pySplit(s).join("")),
    words: splitWordsForChrf(s),
  });
  const all = (u: { chars: string[]; words: string[] }) =>
    Array.from({ length: order }, (_, i) =>
      i < o.charOrder ? grams(u.chars, i + 1, "") : grams(u.words, i + 1 - o.charOrder, " "),
    );
  const h = all(units(hyp));
  const cur = new Float64Array(3 * order);
  let bestF = -1;
  for (const ref of refs) {
    const r = all(units(ref));
    for (let n = 0; n < order; n++) {
      let match = 0,
        nRef = 0,
        nHyp = 0;
      for (const c of r[n]!.values()) nRef += c;
      for (const [g, c] of h[n]!) {
        nHyp += c;
        const rc = r[n]!.get(g);
        if (rc !== undefined) match += Math.min(c, rc);
      }
      cur[3 * n] = r[n]!.size > 0 ? nHyp : 0;
      cur[3 * n + 1] = nRef;
      cur[3 * n + 2] = match;
    }
    const f = chrfFScore(cur, o);
    if (f > bestF) {
      bestF = f;
      best.set(cur);
    }
  }
}
