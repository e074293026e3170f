"use client";

import { useState } from "react";
import type { CurveRun } from "./curves";

// Legend buttons listed before "+N more" (drawn runs are always listed).
const LEGEND_SHOWN = 20;

/** One button per run: shows or hides its curve; drawn runs always listed, others after 20. */
export function CurvesLegend({
  runs,
  isOn,
  colorOf,
  pointsOf,
  onToggle,
}: {
  runs: CurveRun[];
  isOn: (id: string, index: number) => boolean;
  colorOf: (id: string) => string;
  pointsOf: (run: CurveRun) => number;
  onToggle: (id: string) => void;
}) {
  const [allLegend, setAllLegend] = useState(false);
  return (
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
              data-points={on ? pointsOf(r) : 0}
              onClick={() => onToggle(r.id)}
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
  );
}
