/**
 * rouge-score 0.1.2's scoring functions (`_score_ngrams`, `_score_lcs`, `_summary_level_lcs`
 * in rouge_scorer.py) on texts given as token ids (0 … vocabSize−1). Same arithmetic, in the
 * same order, so the floats are identical.
 */

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** A fresh object each time: callers own (and may change) what they get back. */
const zero = (): RougeScore => ({ precision: 0, recall: 0, fmeasure: 0 });

/** scoring.fmeasure: 2PR/(P+R), evaluated left to right as Python does. */
function score(precision: number, recall: number): RougeScore {
  const fmeasure = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, fmeasure };
}

/** Ids of the n-grams of `a` then of `b` (one numbering), built one token longer at a time. */
function ngramIds(a: Int32Array, b: Int32Array, n: number, vocabSize: number) {
  let ga: ArrayLike<number> = a;
  let gb: ArrayLike<number> = b;
  let width = vocabSize;
  for (let k = 2; k <= n; k++) {
    const ids = new Map<number, number>();
    const extend = (prev: ArrayLike<number>, toks: Int32Array) => {
      const out = new Int32Array(Math.max(0, prev.length - 1));
      for (let i = 0; i < out.length; i++) {
        const key = prev[i]! * vocabSize + toks[i + k - 1]!;
        let id = ids.get(key);
        if (id === undefined) {
          id = ids.size;
          ids.set(key, id);
        }
        out[i] = id;
      }
      return out;
    };
    ga = extend(ga, a);
    gb = extend(gb, b);
    width = ids.size;
  }
  return { ga, gb, width };
}

/** `_score_ngrams(_create_ngrams(target, n), _create_ngrams(prediction, n))`. */
export function scoreNgrams(
  target: Int32Array,
  prediction: Int32Array,
  n: number,
  vocabSize: number,
): RougeScore {
  const { ga, gb, width } = ngramIds(target, prediction, n, vocabSize);
  const counts = new Int32Array(width);
  for (let i = 0; i < ga.length; i++) counts[ga[i]!]!++;
  let overlap = 0;
  for (let i = 0; i < gb.length; i++) {
    const g = gb[i]!;
    if (counts[g]! > 0) {
      counts[g]!--;
      overlap++;
    }
  }
  return score(overlap / Math.max(gb.length, 1), overlap / Math.max(ga.length, 1));
}

function lcsLength(a: Int32Array, b: Int32Array): number {
  const row = new Int32Array(b.length + 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = ai === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

/** `_score_lcs`: rougeL over the whole texts. */
export function scoreLcs(target: Int32Array, prediction: Int32Array): RougeScore {
  if (target.length === 0 || prediction.length === 0) return zero();
  const lcs = lcsLength(target, prediction);
  return score(lcs / prediction.length, lcs / target.length);
}

// Reused buffers: two DP rows, and one bit per cell saying "the LCS table's left neighbour beats
// the one above" (all the backtracking reads), so a long line costs rows × cols / 8 bytes.
let prevRow = new Int32Array(256);
let curRow = new Int32Array(256);
let leftWins = new Uint32Array(1024);
/** 2^31 cells: 256 MiB of direction bits, and bit indices stay valid for `>>>`. */
const MAX_CELLS = 2 ** 31;

/** `lcs_ind` (= `_lcs_table` + `_backtrack_norec`): marks in `hit` the `ref` indices of one LCS,
 *  the one rouge-score's backtracking picks (ties step back in `ref`, not in `can`). */
function markLcs(ref: Int32Array, can: Int32Array, hit: Uint8Array): void {
  const rows = ref.length;
  const cols = can.length;
  if (rows === 0 || cols === 0) return;
  if (rows * cols > MAX_CELLS)
    throw new RangeError(
      `rougeLsum: a reference line of ${rows} tokens against a prediction line of ${cols} is too long (more than ${MAX_CELLS} LCS cells); split the text into lines`,
    );
  if (prevRow.length <= cols) {
    prevRow = new Int32Array(2 * cols + 2);
    curRow = new Int32Array(2 * cols + 2);
  }
  const words = Math.ceil((rows * cols) / 32);
  if (leftWins.length < words) leftWins = new Uint32Array(2 * words);
  leftWins.fill(0, 0, words);
  let prev = prevRow;
  let cur = curRow;
  prev.fill(0, 0, cols + 1);
  cur[0] = 0;
  for (let i = 0; i < rows; i++) {
    const r = ref[i]!;
    const base = i * cols;
    for (let j = 1; j <= cols; j++) {
      if (r === can[j - 1]) cur[j] = prev[j - 1]! + 1;
      else {
        const left = cur[j - 1]!;
        const up = prev[j]!;
        if (left > up) {
          cur[j] = left;
          const bit = base + j - 1;
          leftWins[bit >>> 5]! |= 1 << (bit & 31);
        } else cur[j] = up;
      }
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  let i = rows;
  let j = cols;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      hit[i - 1] = 1;
      i--;
      j--;
    } else {
      const bit = (i - 1) * cols + j - 1;
      if (leftWins[bit >>> 5]! & (1 << (bit & 31))) j--;
      else i--;
    }
  }
}

/** `_summary_level_lcs`: rougeLsum, union LCS of each reference sentence with every candidate
 *  sentence, each token counted at most as often as it occurs on both sides. */
export function scoreSummaryLcs(
  refSents: Int32Array[],
  canSents: Int32Array[],
  vocabSize: number,
): RougeScore {
  if (refSents.length === 0 || canSents.length === 0) return zero();
  let m = 0;
  let n = 0;
  const countR = new Int32Array(vocabSize);
  const countC = new Int32Array(vocabSize);
  for (const s of refSents) {
    m += s.length;
    for (let i = 0; i < s.length; i++) countR[s[i]!]!++;
  }
  for (const s of canSents) {
    n += s.length;
    for (let i = 0; i < s.length; i++) countC[s[i]!]!++;
  }
  if (n === 0 || m === 0) return zero();
  let hits = 0;
  for (const r of refSents) {
    const hit = new Uint8Array(r.length);
    for (const c of canSents) markLcs(r, c, hit);
    for (let i = 0; i < r.length; i++) {
      const t = r[i]!;
      if (hit[i] && countC[t]! > 0 && countR[t]! > 0) {
        hits++;
        countC[t]!--;
        countR[t]!--;
      }
    }
  }
  return score(hits / n, hits / m);
}
