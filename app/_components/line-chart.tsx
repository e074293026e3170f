"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { fmtNumber } from "./format";

export type Series = { key: string; label: string; points: { step: number; value: number }[] };

// Distinguishable on white and for the common colour-vision deficiencies (Okabe–Ito order).
const COLORS = [
  "#4f46e5",
  "#e69f00",
  "#009e73",
  "#cc79a7",
  "#0072b2",
  "#d55e00",
  "#56b4e9",
  "#7a7a7a",
];

/** Overlays several runs' curves on one shared step axis. Points are merged into rows keyed by
 *  step because Recharts draws from one data array; a run missing a step leaves a gap that
 *  `connectNulls` bridges. */
export function StepChart({
  series,
  height = 280,
  yLabel,
}: {
  series: Series[];
  height?: number;
  yLabel?: string;
}) {
  const byStep = new Map<number, Record<string, number>>();
  for (const s of series) {
    for (const p of s.points) {
      const row = byStep.get(p.step) ?? { step: p.step };
      row[s.key] = p.value;
      byStep.set(p.step, row);
    }
  }
  const data = [...byStep.values()].sort((a, b) => a.step! - b.step!);
  if (data.length === 0) {
    return (
      <div className="empty" style={{ height }}>
        <p>No points yet. Curves appear as soon as training reports its first steps.</p>
      </div>
    );
  }
  return (
    <div style={{ width: "100%", height }} data-testid="step-chart">
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#eceef2" vertical={false} />
          <XAxis
            dataKey="step"
            type="number"
            domain={["dataMin", "dataMax"]}
            tick={{ fontSize: 12, fill: "#858c97" }}
            tickLine={false}
            axisLine={{ stroke: "#e3e6eb" }}
            allowDecimals={false}
          />
          <YAxis
            tick={{ fontSize: 12, fill: "#858c97" }}
            tickLine={false}
            axisLine={false}
            width={64}
            tickFormatter={(v: number) => fmtNumber(v, 3)}
            domain={["auto", "auto"]}
            label={
              yLabel
                ? {
                    value: yLabel,
                    angle: -90,
                    position: "insideLeft",
                    fontSize: 12,
                    fill: "#858c97",
                  }
                : undefined
            }
          />
          <Tooltip
            formatter={(v) => fmtNumber(Number(v), 4)}
            labelFormatter={(s) => `step ${s}`}
            contentStyle={{ borderRadius: 8, border: "1px solid #e3e6eb", fontSize: 12 }}
          />
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s, i) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={COLORS[i % COLORS.length]}
              dot={false}
              strokeWidth={1.8}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
