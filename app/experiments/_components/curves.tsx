"use client";

import { useQueries } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useRef, useState } from "react";
import { fmtInt } from "@/app/_components/format";
import { Skeleton } from "@/app/_components/ui";
import { useNearScreen } from "@/app/_components/use-near-screen";
import { useTRPC } from "@/app/_trpc/client";
import { DEFAULT_SERIES_POINTS } from "@/core/series";
import { CurvesControls, type CurvesSettings } from "./curves-controls";
import { type CurvePoint, mergeLivePoints, toChartRows } from "./curves-data";
import { CurvesLegend } from "./curves-legend";
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
export type CurveRun = { id: string; name: string; live: boolean };

// Recharts is fetched after the page's own script, not parsed in front of the runs table's
// hydration (bench/scale); the chart is below the fold and draws nothing before its data anyway.
const CurvesChart = dynamic(() => import("./curves-chart").then((m) => m.CurvesChart), {
  ssr: false,
  loading: () => <Skeleton height={320} />,
});

/** Overlaid training curves of up to 100 runs, downsampled on the server (LTTB with a min/max
 *  envelope, ~1,000 points per series whatever the run's length) and extended live over SSE. */
export function Curves({ runs, metricNames }: { runs: CurveRun[]; metricNames: string[] }) {
  const trpc = useTRPC();
  const names = metricNames.length ? metricNames : ["train/loss"];
  const [settings, setSettings] = useState<CurvesSettings>(() => ({
    metric: names.includes("train/loss") ? "train/loss" : names[0]!,
    x: "step",
    smoothing: 0,
    logScale: false,
    band: true,
  }));
  const { metric, x, smoothing, logScale, band } = settings;
  // Toggles relative to the default (first ten on), so a new run list keeps that default.
  const [toggled, setToggled] = useState<Set<string>>(new Set());
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
      <CurvesControls names={names} value={settings} onChange={setSettings} />
      <CurvesChart
        loading={!near || results.some((q) => q.isPending)}
        rows={rows}
        series={drawn}
        x={x}
        logScale={logScale}
        yLabel={metric}
        band={band && smoothing === 0}
      />
      <CurvesLegend
        runs={runs}
        isOn={isOn}
        colorOf={colorOf}
        pointsOf={(r) => drawn.find((d) => d.label === r.name)?.points.length ?? 0}
        onToggle={(id) =>
          setToggled((t) => {
            const n = new Set(t);
            if (n.has(id)) n.delete(id);
            else n.add(id);
            return n;
          })
        }
      />
      <p className="faint small" style={{ margin: 0 }}>
        {visible.length} of {runs.length} runs drawn · {fmtInt(totalRaw)} raw points, at most{" "}
        {fmtInt(MAX_POINTS)} per run drawn (LTTB; the band is each bucket&apos;s min–max).
        {smoothing > 0 && " The band is hidden while smoothing."}
      </p>
    </div>
  );
}
