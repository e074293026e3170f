/**
 * Inter-annotator agreement. Krippendorff's α in the coincidence-matrix form (Krippendorff,
 * 2011, "Computing Krippendorff's Alpha-Reliability"; as the `krippendorff` PyPI package),
 * Cohen's κ with optional linear/quadratic weights (Cohen, 1960/1968; scikit-learn
 * `cohen_kappa_score` semantics), Fleiss' κ (Fleiss, 1971; statsmodels `fleiss_kappa`).
 * Undefined coefficients return null rather than NaN.
 */
export type AlphaLevel = "nominal" | "ordinal" | "interval" | "ratio";
type Value = number | string;

/**
 * rows = raters, columns = units, null = missing. Units with fewer than two ratings are ignored.
 * The value domain is the sorted unique observed values, or `options.domain` (needed for ordinal
 * strings, whose order is not alphabetical). Returns null when there is no variation to measure
 * (expected disagreement 0) unless observed disagreement is also 0, which gives 1.
 */
export function krippendorffAlpha(
  reliabilityData: (Value | null)[][],
  level: AlphaLevel,
  options?: { domain?: Value[] },
): number | null {
  const where = "krippendorffAlpha";
  if (!Array.isArray(reliabilityData) || reliabilityData.length === 0)
    throw new RangeError(`${where}: reliabilityData must be a non-empty array of rater rows`);
  if (!["nominal", "ordinal", "interval", "ratio"].includes(level))
    throw new TypeError(`${where}: unknown level ${JSON.stringify(level)}`);
  const nUnits = reliabilityData[0]!.length;
  reliabilityData.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== nUnits)
      throw new RangeError(
        `${where}: rater row ${r} has ${Array.isArray(row) ? row.length : "no"} units, expected ${nUnits}`,
      );
    row.forEach((v, u) => {
      if (v !== null && typeof v !== "number" && typeof v !== "string")
        throw new TypeError(
          `${where}: reliabilityData[${r}][${u}] must be a number, string or null`,
        );
      if (typeof v === "number" && !Number.isFinite(v))
        throw new TypeError(`${where}: reliabilityData[${r}][${u}] is not finite`);
      if (typeof v === "string" && (level === "interval" || level === "ratio"))
        throw new TypeError(`${where}: ${level} level needs numbers, got string at [${r}][${u}]`);
    });
  });
  const observed = [...new Set(reliabilityData.flat().filter((v): v is Value => v !== null))];
  const domain =
    options?.domain ??
    observed.sort((a, b) =>
      typeof a === "number" && typeof b === "number"
        ? a - b
        : String(a) < String(b)
          ? -1
          : String(a) > String(b)
            ? 1
            : 0,
    );
  const index = new Map<Value, number>(domain.map((v, i) => [v, i]));
  for (const v of observed)
    if (!index.has(v))
      throw new RangeError(`${where}: value ${JSON.stringify(v)} is not in the given domain`);
  const V = domain.length;
  const o = Array.from({ length: V }, () => new Array<number>(V).fill(0));
  for (let u = 0; u < nUnits; u++) {
    const counts = new Array<number>(V).fill(0);
    let m = 0;
    for (const row of reliabilityData) {
      const v = row[u];
      if (v !== null && v !== undefined) {
        counts[index.get(v)!]!++;
        m++;
      }
    }
    if (m < 2) continue;
    for (let c = 0; c < V; c++) {
      if (counts[c] === 0) continue;
      for (let k = 0; k < V; k++)
        o[c]![k]! += (counts[c]! * counts[k]! - (c === k ? counts[c]! : 0)) / (m - 1);
    }
  }
  const nc = o.map((row) => row.reduce((a, b) => a + b, 0));
  const n = nc.reduce((a, b) => a + b, 0);
  if (n <= 1) return null;
  const delta = distance(level, domain, nc);
  let dO = 0,
    dE = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      const d = delta(c, k);
      dO += o[c]![k]! * d;
      dE += ((nc[c]! * nc[k]! - (c === k ? nc[c]! : 0)) / (n - 1)) * d;
    }
  }
  if (dE === 0) return dO === 0 ? 1 : null;
  return 1 - dO / dE;
}

function distance(
  level: AlphaLevel,
  domain: Value[],
  nc: number[],
): (c: number, k: number) => number {
  switch (level) {
    case "nominal":
      return (c, k) => (c === k ? 0 : 1);
    case "ordinal":
      return (c, k) => {
        const [lo, hi] = c < k ? [c, k] : [k, c];
        let s = 0;
        for (let g = lo; g <= hi; g++) s += nc[g]!;
        return (s - (nc[c]! + nc[k]!) / 2) ** 2;
      };
    case "interval":
      return (c, k) => ((domain[c] as number) - (domain[k] as number)) ** 2;
    case "ratio":
      return (c, k) => {
        const a = domain[c] as number,
          b = domain[k] as number;
        return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      };
  }
}

/** Cohen's κ between two raters' labels (scikit-learn `cohen_kappa_score`): weights act on label INDEX. */
export function cohenKappa(
  a: Value[],
  b: Value[],
  options?: { weights?: "linear" | "quadratic"; labels?: Value[] },
): number | null {
  const where = "cohenKappa";
  if (!Array.isArray(a) || !Array.isArray(b))
    throw new TypeError(`${where}: both raters' labels must be arrays`);
  if (a.length !== b.length)
    throw new RangeError(`${where}: rater a has ${a.length} labels but rater b has ${b.length}`);
  if (a.length === 0) throw new RangeError(`${where}: no items`);
  for (const k of Object.keys(options ?? {}))
    if (k !== "weights" && k !== "labels")
      throw new TypeError(
        `${where}: unknown option ${JSON.stringify(k)}; allowed options are weights, labels`,
      );
  const weights = options?.weights;
  if (weights !== undefined && weights !== "linear" && weights !== "quadratic")
    throw new TypeError(
      `${where}: weights must be "linear" or "quadratic", got ${JSON.stringify(weights)}`,
    );
  const labels =
    options?.labels ??
    [...new Set([...a, ...b])].sort((x, y) =>
      typeof x === "number" && typeof y === "number"
        ? x - y
        : String(x) < String(y)
          ? -1
          : String(x) > String(y)
            ? 1
            : 0,
    );
  const index = new Map<Value, number>(labels.map((v, i) => [v, i]));
  const L = labels.length;
  const C = Array.from({ length: L }, () => new Array<number>(L).fill(0));
  for (let i = 0; i < a.length; i++) {
    const x = index.get(a[i]!),
      y = index.get(b[i]!);
    if (x !== undefined && y !== undefined) C[x]![y]!++;
  }
  const rowSum = C.map((r) => r.reduce((s, v) => s + v, 0));
  const colSum = labels.map((_, j) => C.reduce((s, r) => s + r[j]!, 0));
  const N = rowSum.reduce((s, v) => s + v, 0);
  let num = 0,
    den = 0;
  for (let i = 0; i < L; i++) {
    for (let j = 0; j < L; j++) {
      const w =
        weights === "linear"
          ? Math.abs(i - j)
          : weights === "quadratic"
            ? (i - j) ** 2
            : i === j
              ? 0
              : 1;
      num += w * C[i]![j]!;
      den += w * ((colSum[i]! * rowSum[j]!) / N);
    }
  }
  return den === 0 ? null : 1 - num / den;
}

/** Fleiss' κ from a subjects × categories count table with the same number of raters per subject. */
export function fleissKappa(table: number[][]): number | null {
  const where = "fleissKappa";
  if (!Array.isArray(table) || table.length === 0)
    throw new RangeError(`${where}: table must be a non-empty subjects × categories array`);
  const K = table[0]!.length;
  const raters = table[0]!.reduce((s, v) => s + v, 0);
  table.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== K)
      throw new RangeError(
        `${where}: row ${i} has ${Array.isArray(row) ? row.length : "no"} categories, expected ${K}`,
      );
    row.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0)
        throw new TypeError(`${where}: table[${i}][${j}] must be a non-negative integer count`);
    });
    const s = row.reduce((x, y) => x + y, 0);
    if (s !== raters)
      throw new RangeError(
        `${where}: subject ${i} has ${s} ratings but subject 0 has ${raters}; Fleiss' κ needs a fixed number of raters (use krippendorffAlpha)`,
      );
  });
  if (raters < 2) throw new RangeError(`${where}: at least two raters per subject are needed`);
  const N = table.length;
  const pCat = new Array<number>(K).fill(0);
  let pMean = 0;
  for (const row of table) {
    let sq = 0;
    row.forEach((v, j) => {
      pCat[j]! += v / (N * raters);
      sq += v * v;
    });
    pMean += (sq - raters) / (raters * (raters - 1));
  }
  pMean /= N;
  const pExp = pCat.reduce((s, p) => s + p * p, 0);
  return pExp === 1 ? null : (pMean - pExp) / (1 - pExp);
}
