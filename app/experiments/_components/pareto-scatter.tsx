"use client";

import {
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from "recharts";
import { fmtNumber } from "@/app/_components/format";
import { usd } from "./runs-table-cells";

export type ParetoPoint = { id: string; name: string; cost: number; quality: number };

/** The "Quality vs cost" scatter: the frontier joined by a line, every other run in grey. */
export function ParetoScatter({
  others,
  frontier,
  primaryMetric,
}: {
  others: ParetoPoint[];
  frontier: ParetoPoint[];
  primaryMetric: string;
}) {
  return (
    <div style={{ width: "100%", height: 260 }}>
      <ResponsiveContainer>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid stroke="#eceef2" />
          <XAxis
            dataKey="cost"
            type="number"
            name="cost"
            tickFormatter={(v: number) => usd(v)}
            tick={{ fontSize: 12, fill: "#858c97" }}
            label={{
              value: "cost (USD)",
              position: "insideBottom",
              offset: -8,
              fontSize: 12,
              fill: "#858c97",
            }}
            domain={["auto", "auto"]}
          />
          <YAxis
            dataKey="quality"
            type="number"
            name={primaryMetric}
            tick={{ fontSize: 12, fill: "#858c97" }}
            width={48}
            domain={["auto", "auto"]}
            label={{
              value: primaryMetric,
              angle: -90,
              position: "insideLeft",
              fontSize: 12,
              fill: "#858c97",
            }}
          />
          <ZAxis range={[50, 50]} />
          <Tooltip
            formatter={(v, n) => (n === "cost" ? usd(Number(v)) : fmtNumber(Number(v), 1))}
            contentStyle={{ borderRadius: 8, border: "1px solid #e3e6eb", fontSize: 12 }}
          />
          <Scatter name="runs" data={others} fill="#a3a8b3" isAnimationActive={false} />
          <Scatter
            name="Pareto frontier"
            data={frontier}
            fill="#4f46e5"
            line={{ stroke: "#4f46e5" }}
            isAnimationActive={false}
          />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
