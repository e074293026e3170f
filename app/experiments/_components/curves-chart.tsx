"use client";

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { fmtNumber } from "@/app/_components/format";
import { Skeleton } from "@/app/_components/ui";

export type XAxisKind = "step" | "epoch" | "tokens" | "time";
export type ChartSeries = { key: string; label: string; color: string };

const fmtX = (x: XAxisKind) => (v: number) =>
  x === "time"
    ? new Date(v).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })
    : fmtNumber(v, x === "epoch" ? 2 : 0);

/** Lines plus a translucent min/max band per run (the envelope of each downsampled bucket, so a
 *  spike thinned away still shows). Animation is off: with live data it would replay forever. */
export function CurvesChart({
  loading,
  rows,
  series,
  x,
  logScale,
  yLabel,
  band,
  height = 320,
}: {
  loading?: boolean;
  rows: Record<string, number | [number, number]>[];
  series: ChartSeries[];
  x: XAxisKind;
  logScale: boolean;
  yLabel: string;
  band: boolean;
  height?: number;
}) {
  if (loading && rows.length === 0)
    return (
      <div style={{ height }} aria-busy="true">
        <Skeleton height={height} />
      </div>
    );
  if (rows.length === 0) {
    return (
      <div className="empty" style={{ height }}>
        <p>
          No points for {yLabel} yet. Curves appear as soon as training reports its first steps.
        </p>
      </div>
    );
  }
  return (
    <div style={{ width: "100%", height }} data-testid="curves-chart" data-series={series.length}>
      <ResponsiveContainer>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#eceef2" vertical={false} />
          <XAxis
            dataKey="x"
            type="number"
            domain={["dataMin", "dataMax"]}
            tick={{ fontSize: 12, fill: "#858c97" }}
            tickLine={false}
            axisLine={{ stroke: "#e3e6eb" }}
            tickFormatter={fmtX(x)}
          />
          <YAxis
            tick={{ fontSize: 12, fill: "#858c97" }}
            tickLine={false}
            axisLine={false}
            width={64}
            scale={logScale ? "log" : "auto"}
            domain={["auto", "auto"]}
            allowDataOverflow={logScale}
            tickFormatter={(v: number) => fmtNumber(v, 3)}
            label={{
              value: yLabel,
              angle: -90,
              position: "insideLeft",
              fontSize: 12,
              fill: "#858c97",
            }}
          />
          <Tooltip
            formatter={(v) =>
              Array.isArray(v)
                ? `${fmtNumber(Number(v[0]), 4)} – ${fmtNumber(Number(v[1]), 4)}`
                : fmtNumber(Number(v), 4)
            }
            labelFormatter={(l) => `${x} ${fmtX(x)(Number(l))}`}
            contentStyle={{ borderRadius: 8, border: "1px solid #e3e6eb", fontSize: 12 }}
          />
          {band &&
            series.map((s) => (
              <Area
                key={`${s.key}~band`}
                dataKey={`${s.key}~band`}
                stroke="none"
                fill={s.color}
                fillOpacity={0.12}
                connectNulls
                isAnimationActive={false}
                legendType="none"
                tooltipType="none"
                activeDot={false}
              />
            ))}
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              dot={false}
              strokeWidth={1.6}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
