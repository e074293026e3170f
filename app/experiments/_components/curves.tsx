"use client";

import { useQueries } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { fmtInt } from "@/app/_components/format";
import { useTRPC } from "@/app/_trpc/client";
import { DEFAULT_SERIES_POINTS } from "@/server/schemas/series";
import { CurvesChart, type XAxisKind } from "./curves-chart";
import { type CurvePoint, mergeLivePoints, toChartRows } from "./curves-data";
import { useLivePoints } from "./curves-live";

// Okabe–Ito first (colour-vision safe), then distinct extras; runs past ten reuse colours, and
// they are hidden until asked for anyway.
const COLORS = [
  "#4f46e5",
  "#e69f00",
  "#009e73",
  "#cc79a7",
  "#0072b2",
  "#d55e00",
  "#56b4e9",
  "#7a7a7a",
  "#b8860b",
  "#2f4f4f",
];
// Drawn at once by default; the rest wait in the legend (MLflow draws up to 100, W&B 10 by
// default).
const FIRST_VISIBLE = 10;
const MAX_POINTS = DEFAULT_SERIES_POINTS;
// Legend buttons listed before "+N more" (drawn runs are always listed).
const LEGEND_SHOWN = 20;
const X_AXES: { key: XAxisKind; label: string }[] = [
  { key: "step", label: "Step" },
  { key: "epoch", label: "Epoch" },
  { key: "tokens", label: "Tokens" },
  { key: "time", label: "Wall time" },
];

export type CurveRun = { id: string; name: string; live: boolean };

/** Overlaid training curves of up to 100 runs, downsampled on the server (LTTB with a min/max
 *  envelope, ~1,000 points per series whatever the run's length) and extended live over SSE. */
export function Curves({ runs, metricNames }: { runs: CurveRun[]; metricNames: string[] }) {
  const trpc = useTRPC();
  const names = metricNames.length ? metricNames : ["train/loss"];
  const [metric, setMetric] = useState(names.includes("train/loss") ? "train/loss" : names[0]!);
  const [x, setX] = useState<XAxisKind>("step");
  const [smoothing, setSmoothing] = useState(0);
  const [logScale, setLogScale] = useState(false);
  const [band, setBand] = useState(true);
  // Toggles relative to the default (first ten on), so a new run list keeps that default.
  const [toggled, setToggled] = useState<Set<string>>(new Set());
  const [allLegend, setAllLegend] = useState(false);
  const isOn = (id: string, i: number) => i < FIRST_VISIBLE !== toggled.has(id);
  const visible = runs.filter((r, i) => isOn(r.id, i));

  // Nothing is fetched until the chart is near the screen: on the embedded database requests are
  // served one at a time, and curves below the fold must not delay the table above it.
  const box = useRef<HTMLDivElement>(null);
  const near = useNearScreen(box);
  // One query per run: showing one more run fetches one series, and hidden runs cost nothing.
  const results = useQueries({
    queries: visible.map((r) => ({
      ...trpc.series.get.queryOptions({
        runIds: [r.id],
        names: [metric],
        x,
        maxPoints: MAX_POINTS,
      }),
      staleTime: Infinity,
      enabled: near,
    })),
  });
  const history = visible.map((_, i) => results[i]?.data?.series.find((s) => s.name === metric));
  const liveIds = visible.filter((r) => r.live).map((r) => r.id);
  const after = Object.fromEntries(visible.map((r, i) => [r.id, history[i]?.lastStep ?? -1]));
  const extra = useLivePoints({
    runIds: liveIds,
    names: [metric],
    x,
    after,
    enabled: near && liveIds.length > 0 && results.every((q) => !q.isPending),
  });

  const colorOf = (id: string) => COLORS[runs.findIndex((r) => r.id === id) % COLORS.length]!;
  const drawn = visible.map((r, i) => {
    const base: CurvePoint[] = history[i]?.points ?? [];
    const live = extra.find((s) => s.runId === r.id && s.name === metric);
    return {
      key: `s${i}`,
      label: r.name,
      color: colorOf(r.id),
      points: live ? mergeLivePoints(base, live.points) : base,
    };
  });
  const rows = toChartRows(drawn, { smoothing, logScale });
  const totalRaw = history.reduce((a, s) => a + (s?.total ?? 0), 0);

  return (
    <div className="stack" style={{ gap: 12 }} ref={box}>
      <div className="row" style={{ gap: 10 }}>
        <select
          className="select"
          style={{ width: 180, height: 30 }}
          aria-label="Metric"
          value={metric}
          onChange={(e) => setMetric(e.target.value)}
        >
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <fieldset className="segmented" aria-label="X axis">
          {X_AXES.map((a) => (
            <button
              key={a.key}
              type="button"
              aria-pressed={x === a.key}
              onClick={() => setX(a.key)}
            >
              {a.label}
            </button>
          ))}
        </fieldset>
        <label className="row small" style={{ gap: 6 }}>
          Smoothing
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            onChange={(e) => setSmoothing(Number(e.target.value))}
            aria-label="Smoothing"
            style={{ width: 110 }}
          />
          <span className="mono faint" style={{ width: 32 }}>
            {smoothing.toFixed(2)}
          </span>
        </label>
        <label className="row small" style={{ gap: 4 }}>
          <input
            type="checkbox"
            checked={logScale}
            onChange={(e) => setLogScale(e.target.checked)}
          />{" "}
          Log scale
        </label>
        <label className="row small" style={{ gap: 4 }}>
          <input type="checkbox" checked={band} onChange={(e) => setBand(e.target.checked)} />{" "}
          Min/max band
        </label>
      </div>
      <CurvesChart
        loading={!near || results.some((q) => q.isPending)}
        rows={rows}
        series={drawn}
        x={x}
        logScale={logScale}
        yLabel={metric}
        band={band && smoothing === 0}
      />
      <fieldset
        className="row"
        style={{ gap: 6 }}
        aria-label="Runs on the chart"
        data-testid="curves-legend"
      >
        {runs
          .map((r, i) => ({ r, i }))
          .filter(({ r, i }) => allLegend || i < LEGEND_SHOWN || isOn(r.id, i))
          .map(({ r, i }) => {
            const on = isOn(r.id, i);
            return (
              <button
                key={r.id}
                type="button"
                className="btn btn-sm"
                aria-pressed={on}
                data-testid="curves-legend-item"
                data-points={drawn.find((d) => d.label === r.name && on)?.points.length ?? 0}
                onClick={() =>
                  setToggled((t) => {
                    const n = new Set(t);
                    if (n.has(r.id)) n.delete(r.id);
                    else n.add(r.id);
                    return n;
                  })
                }
                style={{ opacity: on ? 1 : 0.5, gap: 6 }}
                title={on ? "Hide this run" : "Show this run"}
              >
                <span
                  style={{
                    width: 10,
                    height: 10,
                    borderRadius: 2,
                    background: on ? colorOf(r.id) : "var(--border-strong)",
                  }}
                />
                {r.name}
                {r.live && <span className="faint"> · live</span>}
              </button>
            );
          })}
        {runs.length > LEGEND_SHOWN && (
          <button type="button" className="btn btn-sm" onClick={() => setAllLegend((v) => !v)}>
            {allLegend ? "Fewer" : `+${runs.length - LEGEND_SHOWN} more runs`}
          </button>
        )}
      </fieldset>
      <p className="faint small" style={{ margin: 0 }}>
        {visible.length} of {runs.length} runs drawn · {fmtInt(totalRaw)} raw points, at most{" "}
        {fmtInt(MAX_POINTS)} per run drawn (LTTB; the band is each bucket&apos;s min–max).
        {smoothing > 0 && " The band is hidden while smoothing."}
      </p>
    </div>
  );
}

/** True once the element has come within 300 px of the viewport (and stays true). */
function useNearScreen(ref: React.RefObject<HTMLElement | null>): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || near) return;
    if (typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setNear(true);
      },
      { rootMargin: "300px" },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref, near]);
  return near;
}
