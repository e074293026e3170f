"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { fmtInt } from "@/app/_components/format";
import { useTRPC } from "@/app/_trpc/client";
import type { RunsTableColumn, RunsTableRow } from "@/server/schemas/runs-table";
import { ColumnPicker } from "./column-picker";
import { RunsTableBody } from "./runs-table-body";
import { RunsTableFilters } from "./runs-table-filters";
import {
  DEFAULT_VIEW,
  defaultColumns,
  pageInput,
  type TableView,
  visibleColumns,
} from "./runs-table-model";
import { SelectionActions } from "./runs-table-selection";

type Props = {
  /** Omitted: every run of the project (the Runs page), with each run's experiment. */
  experimentId?: string;
  canEdit: boolean;
  live: boolean;
  onPlot?: (runs: { id: string; name: string }[]) => void;
};

/** Every run of the experiment (or the project): server-side sort (click a header), filter and group by any
 *  hyperparameter, metric, tag or status; columns picked per user and remembered; "diff only"
 *  hides columns whose value is the same on every run. Selected runs go to Compare or Plot. */
export function RunsTable({ experimentId, canEdit, live, onPlot }: Props) {
  const trpc = useTRPC();
  const [view, setView] = useState<TableView>(DEFAULT_VIEW);
  // Page 0 (shared with the body's query: same key) carries the columns and the total; reading it
  // here, not through an effect, means the first rows already render with their columns.
  const first = useQuery({
    ...trpc.runs.table.queryOptions(pageInput(experimentId, view, 0)),
    placeholderData: keepPreviousData,
  });
  const meta = first.data
    ? { total: first.data.total, columns: first.data.columns, fetching: first.isFetching }
    : null;
  const [selected, setSelected] = useState<Map<string, RunsTableRow>>(new Map());
  const [diffOnly, setDiffOnly] = useState(false);
  const prefKey = `runs-table-columns:${experimentId ?? "project"}`;
  const pref = useQuery(trpc.preferences.get.queryOptions({ key: prefKey }));
  const savePref = useMutation(trpc.preferences.set.mutationOptions());
  const [chosen, setChosen] = useState<string[] | null>(null);
  const saved = readPref(pref.data);
  useEffect(() => {
    if (saved && chosen == null) {
      setChosen(saved.columns);
      setDiffOnly(saved.diffOnly);
    }
  }, [saved, chosen]);

  const columns: RunsTableColumn[] = meta?.columns ?? [];
  const effective = chosen ?? defaultColumns(columns);
  const shown = visibleColumns(columns, effective, diffOnly);
  const persist = (cols: string[], diff: boolean) =>
    savePref.mutate({ key: prefKey, value: { columns: cols, diffOnly: diff } });

  // Click cycles: best-first (metrics high → low, everything else A → Z), reversed, unsorted.
  const onSort = useCallback(
    (key: string) =>
      setView((v) => {
        const first = key.startsWith("metric.") ? "desc" : "asc";
        const cur = v.sort?.key === key ? v.sort.dir : null;
        const sort =
          cur == null
            ? ({ key, dir: first } as const)
            : cur === first
              ? ({ key, dir: first === "asc" ? "desc" : "asc" } as const)
              : undefined;
        return { ...v, sort };
      }),
    [],
  );
  const onToggle = useCallback(
    (r: RunsTableRow) =>
      setSelected((s) => {
        const n = new Map(s);
        if (n.has(r.id)) n.delete(r.id);
        else n.set(r.id, r);
        return n;
      }),
    [],
  );

  const sel = [...selected.values()];
  const groupable = columns.filter(
    (c) => c.kind === "param" || c.key === "status" || c.key === "tag",
  );
  return (
    <div>
      <div className="spread" style={{ padding: "10px 14px", flexWrap: "wrap" }}>
        <RunsTableFilters
          columns={columns}
          filters={view.filters}
          onChange={(filters) => setView((v) => ({ ...v, filters }))}
        />
        <div className="row" style={{ gap: 6 }}>
          <select
            className="select"
            style={{ width: 150, height: 28 }}
            aria-label="Group by"
            value={view.groupBy ?? ""}
            onChange={(e) => setView((v) => ({ ...v, groupBy: e.target.value || undefined }))}
          >
            <option value="">No grouping</option>
            {groupable.map((c) => (
              <option key={c.key} value={c.key}>
                Group by {c.label}
              </option>
            ))}
          </select>
          <label className="row small" style={{ gap: 4 }}>
            <input
              type="checkbox"
              checked={diffOnly}
              onChange={(e) => {
                setDiffOnly(e.target.checked);
                persist(effective, e.target.checked);
              }}
            />{" "}
            Diff only
          </label>
          <ColumnPicker
            columns={columns}
            chosen={effective}
            onChange={(cols) => {
              setChosen(cols);
              persist(cols, diffOnly);
            }}
          />
        </div>
      </div>
      <div className="spread" style={{ padding: "0 14px 8px" }}>
        <span className="faint small" data-testid="runs-total">
          {meta ? `${fmtInt(meta.total)} runs${view.filters.length ? " match" : ""}` : ""}
          {meta?.fetching ? " · updating…" : ""}
        </span>
        <SelectionActions
          selected={sel}
          canEdit={canEdit}
          onClear={() => setSelected(new Map())}
          onTagged={(rows) =>
            setSelected((s) => new Map([...s, ...rows.map((r) => [r.id, r] as const)]))
          }
          onPlot={onPlot}
        />
      </div>
      <RunsTableBody
        experimentId={experimentId}
        view={view}
        columns={shown}
        live={live}
        canEdit={canEdit}
        selected={selected}
        onToggle={onToggle}
        onSort={onSort}
      />
    </div>
  );
}

/** The saved preference, or null when absent or not ours (values are client-written JSON). */
function readPref(data: unknown): { columns: string[]; diffOnly: boolean } | null {
  const v =
    data && typeof data === "object" && "value" in data ? (data as { value: unknown }).value : data;
  if (!v || typeof v !== "object" || !Array.isArray((v as { columns?: unknown }).columns))
    return null;
  const o = v as { columns: unknown[]; diffOnly?: unknown };
  return {
    columns: o.columns.filter((k): k is string => typeof k === "string"),
    diffOnly: o.diffOnly === true,
  };
}
