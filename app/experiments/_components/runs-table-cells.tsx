"use client";

import { useQuery } from "@tanstack/react-query";
import { fmtBytes, fmtDuration, fmtNumber, fmtParam, fmtRelative } from "@/app/_components/format";
import { Badge, ProgressBar } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import { isDispatched } from "@/core/run-status";
import type { RunsTableColumn, RunsTableRow } from "@/server/schemas/runs-table";
import { cellValue } from "./runs-table-model";

/** Column widths in px: the header and every virtual row share one grid template. */
export function columnWidth(c: Pick<RunsTableColumn, "key" | "kind">): number {
  if (c.key === "tag") return 130;
  if (c.key === "meta.cost" || c.key === "meta.peakMem") return 96;
  if (c.key === "meta.createdAt" || c.key === "meta.finishedAt") return 120;
  if (c.kind === "metric") return Math.max(96, Math.min(150, c.key.length * 7));
  return 100;
}

export const usd = (v: number | null | undefined) =>
  v == null
    ? "—"
    : v === 0
      ? "$0"
      : v < 0.01
        ? "<$0.01"
        : `$${v.toLocaleString("en-US", { maximumFractionDigits: v < 10 ? 2 : 0, minimumFractionDigits: v < 10 ? 2 : 0 })}`;

export function Cell({ row, column }: { row: RunsTableRow; column: RunsTableColumn }) {
  const v = cellValue(row, column.key);
  if (column.key === "tag") {
    const tags = v as string[];
    return tags.length ? (
      <span className="row" style={{ gap: 4, flexWrap: "nowrap", overflow: "hidden" }}>
        {tags.map((t) => (
          <Badge key={t} plain>
            {t}
          </Badge>
        ))}
      </span>
    ) : (
      <span className="faint">—</span>
    );
  }
  if (column.key === "meta.cost") {
    const parts = row.cost?.parts;
    const title = parts
      ? `training ${usd(parts.training)} · evaluation ${usd(parts.evaluation)} · judge ${usd(parts.judge)}`
      : "cost not known yet";
    return (
      <span className="mono small" title={title}>
        {usd(row.cost?.usd)}
      </span>
    );
  }
  if (column.key === "meta.peakMem")
    return (
      <span className="mono small" title="the most memory training held on any device">
        {fmtBytes(row.peakMemBytes)}
      </span>
    );
  // Relative times are rendered by the server (page 0 is in the HTML) and again at hydration, a
  // moment later: a minute boundary in between is not a mismatch worth re-rendering the page.
  if (column.key === "meta.createdAt" || column.key === "meta.finishedAt")
    return (
      <span className="small faint" suppressHydrationWarning>
        {fmtRelative(v as Date | null)}
      </span>
    );
  if (column.kind === "metric")
    return (
      <span className="mono small">
        {fmtNumber(v as number | null, Math.abs((v as number) ?? 0) >= 10 ? 1 : 3)}
      </span>
    );
  return (
    <span className="mono small">
      {v === undefined ? <span className="faint">—</span> : fmtParam(v)}
    </span>
  );
}

/** Progress of a training run. The table rows carry no step counters (runs.table is built for
 *  10,000 rows), so only the live rows on screen ask for them: at most a screenful of small,
 *  batched runs.get polls, and none at all once training ends. */
export function ProgressCell({ row }: { row: RunsTableRow }) {
  const training = isDispatched(row.status);
  if (row.isBaseline) return <span className="faint small">no training</span>;
  if (!training)
    return (
      <span className="faint small" suppressHydrationWarning>
        {row.status === "queued"
          ? "waiting"
          : row.finishedAt
            ? `done ${fmtRelative(row.finishedAt)}`
            : "—"}
      </span>
    );
  return <LiveProgress runId={row.id} name={row.name} />;
}

function LiveProgress({ runId, name }: { runId: string; name: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.runs.get.queryOptions({ runId }), refetchInterval: 2000 });
  const r = q.data;
  if (!r?.totalSteps) return <span className="faint small">starting…</span>;
  return (
    <div
      className="row"
      style={{ flexWrap: "nowrap", gap: 6 }}
      title={`ETA ${fmtDuration(r.etaSeconds)} · ${fmtNumber(r.tokensPerSecond, 0)} tokens/s`}
    >
      <ProgressBar value={(r.step ?? 0) / r.totalSteps} label={`${name} progress`} />
      <span className="faint small mono">
        {r.step ?? 0}/{r.totalSteps}
      </span>
    </div>
  );
}
