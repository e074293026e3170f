/** Pure data helpers behind the curves chart: smoothing, live-point merging and the row layout
 *  Recharts draws from. No React here, so tests/app can check them directly. */

export type CurvePoint = { x: number; y: number; min?: number; max?: number };
export type CurveSeries = { runId: string; name: string; points: CurvePoint[]; lastStep: number };

export const seriesKey = (runId: string, name: string) => `${runId}\u0000${name}`;

/** Exponential moving average as TensorBoard and W&B draw it: `weight` in [0, 1) is how much of
 *  the previous smoothed value carries over, and the start is debiased (divided by 1 − weight^n)
 *  so the curve does not begin pinned near zero. Non-finite values pass through untouched and do
 *  not poison the average. */
export function ema(values: readonly number[], weight: number): number[] {
  if (!(weight > 0)) return [...values];
  const w = Math.min(weight, 0.999);
  let acc = 0;
  let n = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    acc = acc * w + (1 - w) * v;
    n += 1;
    return acc / (1 - w ** n);
  });
}

/** Applies one live SSE batch to the series it belongs to. History comes downsampled from
 *  series.get and live points arrive with step > the cursor we sent, but a reconnect or an
 *  overlapping first batch can still repeat steps; so only points beyond the series' last x are
 *  kept, each x once, in order. Returns the same array when nothing changed (cheap re-renders). */
export function mergeLivePoints(
  existing: readonly CurvePoint[],
  incoming: readonly { x: number; y: number }[],
): CurvePoint[] {
  const lastX = existing.length ? existing[existing.length - 1]!.x : -Infinity;
  const fresh = incoming
    .filter((p) => Number.isFinite(p.x) && p.x > lastX)
    .sort((a, b) => a.x - b.x);
  if (fresh.length === 0) return existing as CurvePoint[];
  const out = existing.slice();
  let prev = lastX;
  for (const p of fresh) {
    if (p.x === prev) continue; // same step twice within one batch
    out.push({ x: p.x, y: p.y });
    prev = p.x;
  }
  return out;
}

/** Merges a live event into the whole collection, keyed by run and metric name. */
export function applyLiveEvent(
  all: readonly CurveSeries[],
  ev: { runId: string; name: string; points: { x: number; y: number }[] },
): CurveSeries[] {
  let changed = false;
  const next = all.map((s) => {
    if (s.runId !== ev.runId || s.name !== ev.name) return s;
    const points = mergeLivePoints(s.points, ev.points);
    if (points === s.points) return s;
    changed = true;
    return { ...s, points, lastStep: Math.max(s.lastStep, points[points.length - 1]!.x) };
  });
  if (!changed && !all.some((s) => s.runId === ev.runId && s.name === ev.name)) {
    const points = mergeLivePoints([], ev.points);
    if (points.length === 0) return all as CurveSeries[];
    return [
      ...all,
      { runId: ev.runId, name: ev.name, points, lastStep: points[points.length - 1]!.x },
    ];
  }
  return changed ? next : (all as CurveSeries[]);
}

/** The SSE cursor: "runId:lastStep,…" so the server sends only what we do not have yet. */
export function liveCursor(all: readonly CurveSeries[]): string {
  const last = new Map<string, number>();
  for (const s of all) last.set(s.runId, Math.min(last.get(s.runId) ?? Infinity, s.lastStep));
  return [...last]
    .map(([runId, step]) => `${runId}:${Number.isFinite(step) ? step : -1}`)
    .join(",");
}

/** One row per x across the visible series (Recharts draws from a single data array): the line
 *  value under `key`, and the envelope as a [min, max] pair under `key~band` for an Area. */
export function toChartRows(
  series: readonly { key: string; points: readonly CurvePoint[] }[],
  { smoothing = 0, logScale = false }: { smoothing?: number; logScale?: boolean } = {},
): Record<string, number | [number, number]>[] {
  const rows = new Map<number, Record<string, number | [number, number]>>();
  const ok = (v: number) => Number.isFinite(v) && (!logScale || v > 0); // log axes cannot draw ≤ 0
  for (const s of series) {
    const smooth = ema(
      s.points.map((p) => p.y),
      smoothing,
    );
    s.points.forEach((p, i) => {
      const row = rows.get(p.x) ?? { x: p.x };
      const y = smooth[i]!;
      if (ok(y)) row[s.key] = y;
      if (p.min != null && p.max != null && ok(p.min) && ok(p.max) && p.min !== p.max)
        row[`${s.key}~band`] = [p.min, p.max];
      rows.set(p.x, row);
    });
  }
  return [...rows.values()].sort((a, b) => (a.x as number) - (b.x as number));
}
