/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013, "Downsampling Time Series for
 * Visual Representation", §4.2) with a min/max envelope: every output point is a real input point,
 * and carries the lowest and highest value of the input bucket it stands for, so a chart can draw
 * the band that LTTB alone would hide. Pure; no I/O.
 */
export type InPoint = { x: number; y: number; min?: number; max?: number };
export type EnvelopePoint = { x: number; y: number; min: number; max: number };

/**
 * Reduces `points` (sorted by x, non-decreasing) to at most `maxPoints` points. Kept always: the
 * first and last points, and the points holding the global minimum and maximum of y. Two output
 * slots are reserved for those extremes, so LTTB itself picks maxPoints - 2.
 */
export function lttbEnvelope(points: readonly InPoint[], maxPoints: number): EnvelopePoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 4)
    throw new RangeError(`lttbEnvelope: maxPoints must be an integer >= 4, got ${maxPoints}`);
  for (let i = 1; i < points.length; i++) {
    if (!(points[i]!.x >= points[i - 1]!.x))
      throw new RangeError(
        `lttbEnvelope: x must be sorted ascending (index ${i}: ${points[i]!.x} after ${points[i - 1]!.x})`,
      );
  }
  const lo = (p: InPoint) => Math.min(p.y, p.min ?? p.y);
  const hi = (p: InPoint) => Math.max(p.y, p.max ?? p.y);
  const own = (p: InPoint): EnvelopePoint => ({ x: p.x, y: p.y, min: lo(p), max: hi(p) });
  const n = points.length;
  if (n <= maxPoints) return points.map(own);

  const m = maxPoints - 2; // LTTB's own output size, endpoints included
  const picked: number[] = [0];
  const envelope: [number, number][] = [[lo(points[0]!), hi(points[0]!)]];
  const every = (n - 2) / (m - 2);
  let a = 0;
  for (let b = 0; b < m - 2; b++) {
    const start = Math.floor(b * every) + 1;
    const end = Math.min(Math.floor((b + 1) * every) + 1, n - 1);
    // The next bucket's average is the third triangle vertex (the last point for the last bucket).
    const nStart = end,
      nEnd = Math.min(Math.floor((b + 2) * every) + 1, n);
    let avgX = 0,
      avgY = 0;
    for (let j = nStart; j < nEnd; j++) {
      avgX += points[j]!.x;
      avgY += points[j]!.y;
    }
    const count = Math.max(1, nEnd - nStart);
    avgX /= count;
    avgY /= count;
    const pa = points[a]!;
    let best = start,
      bestArea = -1,
      bMin = Infinity,
      bMax = -Infinity;
    for (let j = start; j < end; j++) {
      const p = points[j]!;
      const area = Math.abs((pa.x - avgX) * (p.y - pa.y) - (pa.x - p.x) * (avgY - pa.y));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
      bMin = Math.min(bMin, lo(p));
      bMax = Math.max(bMax, hi(p));
    }
    picked.push(best);
    envelope.push([bMin, bMax]);
    a = best;
  }
  picked.push(n - 1);
  envelope.push([lo(points[n - 1]!), hi(points[n - 1]!)]);

  // The global extremes of y, if LTTB passed them over, join as points of their own.
  let iMin = 0,
    iMax = 0;
  for (let i = 1; i < n; i++) {
    if (points[i]!.y < points[iMin]!.y) iMin = i;
    if (points[i]!.y > points[iMax]!.y) iMax = i;
  }
  const out: EnvelopePoint[] = picked.map((i, k) => ({
    x: points[i]!.x,
    y: points[i]!.y,
    min: envelope[k]![0],
    max: envelope[k]![1],
  }));
  const chosen = new Set(picked);
  const extras = [...new Set([iMin, iMax])].filter((i) => !chosen.has(i)).sort((p, q) => p - q);
  if (extras.length === 0) return out;
  const merged: EnvelopePoint[] = [];
  let e = 0;
  for (let k = 0; k < picked.length; k++) {
    while (e < extras.length && extras[e]! < picked[k]!) merged.push(own(points[extras[e++]!]!));
    merged.push(out[k]!);
  }
  return merged;
}
