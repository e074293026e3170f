"use client";

import Link from "next/link";
import type { RunsTableRow } from "@/server/schemas/runs-table";
import { compareHref } from "./runs-table-model";
import { TagSelected } from "./runs-table-tags";

// Overlaying more than this makes a chart unreadable and slow (MLflow caps its charts at 100 too).
export const MAX_PLOT_RUNS = 100;

/** What can be done with the selected runs: clear, tag, compare (2 to 20), plot (up to 100). */
export function SelectionActions({
  selected: sel,
  canEdit,
  onClear,
  onTagged,
  onPlot,
}: {
  selected: RunsTableRow[];
  canEdit: boolean;
  onClear: () => void;
  onTagged: (rows: RunsTableRow[]) => void;
  onPlot?: (runs: { id: string; name: string }[]) => void;
}) {
  const href = compareHref(sel);
  return (
    <div className="row" style={{ gap: 6 }}>
      {sel.length > 0 && (
        <span className="small muted" data-testid="selected-count">
          {sel.length} selected
        </span>
      )}
      {sel.length > 0 && (
        <button type="button" className="btn btn-sm" onClick={onClear}>
          Clear
        </button>
      )}
      {sel.length > 0 && canEdit && <TagSelected selected={sel} onTagged={onTagged} />}
      {href ? (
        <Link className="btn btn-sm btn-primary" href={href}>
          Compare
        </Link>
      ) : (
        <button type="button" className="btn btn-sm" disabled title="Select 2 to 20 runs">
          Compare
        </button>
      )}
      <button
        type="button"
        className="btn btn-sm"
        disabled={sel.length === 0 || sel.length > MAX_PLOT_RUNS || !onPlot}
        title={`Overlay the selected runs' curves (at most ${MAX_PLOT_RUNS})`}
        onClick={() =>
          onPlot?.(sel.filter((r) => !r.isBaseline).map((r) => ({ id: r.id, name: r.name })))
        }
      >
        Plot
      </button>
    </div>
  );
}
