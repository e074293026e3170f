"use client";

import {
  CartesianGrid,
  ErrorBar,
  Line,
  LineChart,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { fmtNumber } from "@/app/_components/format";

export type CheckpointPoint = {
  step: number;
  score: number;
  ci: [number, number] | null;
  isBest: boolean;
};

/** Eval score (not loss) against training step, with each checkpoint's 95% CI as an error bar:
 *  the curve people need to see overfitting and to pick a checkpoint. */
export function CheckpointChart({ points, metric }: { points: CheckpointPoint[]; metric: string }) {
  if (points.length === 0)
    return (
      <div className="empty" style={{ height: 200 }}>
        <p>No checkpoint is evaluated yet. Press Evaluate on a checkpoint below.</p>
      </div>
    );
  const data = points.map((p) => ({
    step: p.step,
    score: p.score,
    err: p.ci ? [p.score - p.ci[0], p.ci[1] - p.score] : [0, 0],
  }));
  const best = points.find((p) => p.isBest);
  return (
    <div style={{ width: "100%", height: 220 }} data-testid="checkpoint-chart">
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
            width={48}
            domain={["auto", "auto"]}
            tickFormatter={(v: number) => fmtNumber(v, 1)}
            label={{
              value: metric,
              angle: -90,
              position: "insideLeft",
              fontSize: 12,
              fill: "#858c97",
            }}
          />
          <Tooltip
            formatter={(v) => fmtNumber(Number(v), 2)}
            labelFormatter={(s) => `step ${s}`}
            contentStyle={{ borderRadius: 8, border: "1px solid #e3e6eb", fontSize: 12 }}
          />
          <Line
            dataKey="score"
            name={metric}
            stroke="#4f46e5"
            strokeWidth={1.8}
            dot={{ r: 3 }}
            isAnimationActive={false}
          >
            <ErrorBar dataKey="err" width={4} stroke="#a5b4fc" />
          </Line>
          {best && (
            <ReferenceDot
              x={best.step}
              y={best.score}
              r={6}
              fill="#009e73"
              stroke="#fff"
              label={{ value: "best", position: "top", fontSize: 11, fill: "#009e73" }}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
