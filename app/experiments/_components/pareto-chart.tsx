"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { fmtNumber } from "@/app/_components/format";
import { Skeleton } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_trpc/types";
import { costPerPoint, paretoFrontier } from "./pareto";
import { usd } from "./runs-table-cells";

type Board = RouterOutputs["leaderboard"]["get"];
type Cost = { usd: number | null } | null | undefined;

// Recharts is fetched when the view is opened, not with the page: it is most of the page's
// script, and parsing it would delay the runs table's hydration (bench/scale).
const ParetoScatter = dynamic(() => import("./pareto-scatter").then((m) => m.ParetoScatter), {
  ssr: false,
  loading: () => <Skeleton height={260} />,
});

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
            <ParetoScatter
              others={others}
              frontier={frontier}
              primaryMetric={board.primaryMetric}
            />
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
