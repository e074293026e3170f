"use client";

import { useState } from "react";
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
import type { RouterOutputs } from "@/app/_trpc/types";
import { costPerPoint, paretoFrontier } from "./pareto";
import { usd } from "./runs-table-cells";

type Board = RouterOutputs["leaderboard"]["get"];
type Cost = { usd: number | null } | null | undefined;

/** The leaderboard's "Quality vs cost" view: every evaluated run by its cost (training +
 *  evaluation + judge) and its primary score; the frontier joins the runs nothing beats for the
 *  money. Runs whose cost is unknown are counted, not plotted at zero. */
export function ParetoView({ board }: { board: Board }) {
  const [open, setOpen] = useState(false);
  const rows = board.rows
    .map((r) => ({
      r: r as typeof r & { cost?: Cost; pareto?: { onFront: boolean } | null },
      quality: r.primary?.score ?? null,
    }))
    .map((x) => ({ ...x, cost: x.r.cost?.usd ?? null }));
  const known = rows
    .filter((x) => x.cost != null && x.quality != null)
    .map((x) => ({
      id: x.r.runId,
      name: x.r.isBaseline ? "Baseline" : x.r.name,
      cost: x.cost!,
      quality: x.quality!,
    }));
  // The server's layering (leaderboard rows' `pareto`) is the one truth when it is there.
  const fromServer = rows.some((x) => x.r.pareto != null);
  const front = fromServer
    ? new Set(rows.filter((x) => x.r.pareto?.onFront).map((x) => x.r.runId))
    : paretoFrontier(known);
  const baseline = board.rows.find((r) => r.isBaseline)?.primary?.score ?? null;
  const frontier = known.filter((p) => front.has(p.id)).sort((a, b) => a.cost - b.cost);
  const others = known.filter((p) => !front.has(p.id));
  return (
    <div style={{ padding: "8px 14px", borderTop: "1px solid var(--border)" }}>
      <button
        type="button"
        className="btn btn-sm"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? "Hide" : "Show"} quality vs cost
      </button>
      {open &&
        (known.length === 0 ? (
          <p className="faint small">No run has both a score and a known cost yet.</p>
        ) : (
          <div
            className="grid-2"
            style={{ marginTop: 10, alignItems: "start" }}
            data-testid="pareto"
          >
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
                    name={board.primaryMetric}
                    tick={{ fontSize: 12, fill: "#858c97" }}
                    width={48}
                    domain={["auto", "auto"]}
                    label={{
                      value: board.primaryMetric,
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
            <table className="table small">
              <thead>
                <tr>
                  <th>On the frontier</th>
                  <th className="num">Cost</th>
                  <th className="num">{board.primaryMetric}</th>
                  <th className="num">$ / point vs baseline</th>
                </tr>
              </thead>
              <tbody>
                {frontier.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td className="num mono">{usd(p.cost)}</td>
                    <td className="num">{fmtNumber(p.quality, 1)}</td>
                    <td className="num mono">{usd(costPerPoint(p.cost, p.quality, baseline))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length > known.length && (
              <p className="faint small">
                {rows.length - known.length} runs have no cost recorded yet and are not plotted.
              </p>
            )}
          </div>
        ))}
    </div>
  );
}
