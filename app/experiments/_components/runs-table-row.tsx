"use client";

import Link from "next/link";
import type { CSSProperties } from "react";
import { StatusBadge } from "@/app/_components/status-badge";
import { CancelRunButton } from "@/app/runs/_components/cancel-run-button";
import { RetryEvaluationButton } from "@/app/runs/_components/retry-evaluation-button";
import { isTraining } from "@/core/run-status";
import type { RunsTableColumn, RunsTableRow } from "@/server/schemas/runs-table";
import css from "./runs-table.module.css";
import { Cell, ProgressCell } from "./runs-table-cells";
import { isNumericColumn } from "./runs-table-model";

/** One run in the virtual list: select, name (and promoted step), status, progress, the chosen
 *  columns, and what can be done to it (cancel while live, retry a failed evaluation). */
export function RunRow({
  row: r,
  columns,
  style,
  canEdit,
  showExperiment,
  selected,
  onToggle,
}: {
  row: RunsTableRow;
  columns: RunsTableColumn[];
  style: CSSProperties;
  canEdit: boolean;
  /** The project-wide listing names each run's experiment. */
  showExperiment: boolean;
  selected: boolean;
  onToggle: (row: RunsTableRow) => void;
}) {
  return (
    <tr
      className={[css.row, r.isBaseline ? css.baseline : "", selected ? css.selected : ""].join(
        " ",
      )}
      style={style}
      data-testid="run-row"
      data-status={r.status}
      data-run-id={r.id}
    >
      <td style={{ textOverflow: "clip", paddingRight: 0 }}>
        <input
          type="checkbox"
          aria-label={`Select ${r.name}`}
          checked={selected}
          onChange={() => onToggle(r)}
        />
      </td>
      <td>
        <Link href={`/runs/${r.id}`}>{r.isBaseline ? "Baseline (no adapter)" : r.name}</Link>
        {showExperiment && (
          <Link className="faint small" href={`/experiments/${r.experimentId}`}>
            {" "}
            · {r.experimentName}
          </Link>
        )}
        {r.promotedStep != null && (
          <span className="faint small" title="A checkpoint is promoted as this run's result">
            {" "}
            · step {r.promotedStep}
          </span>
        )}
      </td>
      <td>
        <StatusBadge status={r.status} />
      </td>
      <td>
        <ProgressCell row={r} />
      </td>
      {columns.map((c) => (
        <td key={c.key} className={isNumericColumn(c) ? "num" : undefined}>
          <Cell row={r} column={c} />
        </td>
      ))}
      <td>
        {canEdit && !r.isBaseline && isTraining(r.status) && <CancelRunButton runId={r.id} small />}
        {canEdit && r.evaluationFailed && <RetryEvaluationButton runId={r.id} small />}
      </td>
    </tr>
  );
}
