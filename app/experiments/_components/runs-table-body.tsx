"use client";

import { keepPreviousData, useQueries } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef } from "react";
import { fmtParam } from "@/app/_components/format";
import { Skeleton } from "@/app/_components/ui";
import { useHydrated } from "@/app/_components/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";
import type { RunsTableColumn, RunsTableRow } from "@/server/schemas/runs-table";
import css from "./runs-table.module.css";
import { columnWidth } from "./runs-table-cells";
import {
  groupLayout,
  isNumericColumn,
  PAGE_SIZE,
  pageInput,
  pagesFor,
  type TableView,
} from "./runs-table-model";
import { RunRow } from "./runs-table-row";

const ROW_H = 40;
const MAX_HEIGHT = 560;
const FIXED = [36, 210, 110, 150]; // select, run, status, progress
const ACTIONS = 76;

type Props = {
  /** Omitted: every run of the project, each with its experiment. */
  experimentId?: string;
  view: TableView;
  columns: RunsTableColumn[];
  live: boolean;
  canEdit: boolean;
  selected: Map<string, RunsTableRow>;
  onToggle: (row: RunsTableRow) => void;
  onSort: (key: string) => void;
};

/** The scrolling part: a virtual list (only the rows on screen are in the DOM) over runs.table
 *  pages fetched as they scroll into view, so 10,000 runs cost what 40 do. */
export function RunsTableBody({
  experimentId,
  view,
  columns,
  live,
  canEdit,
  selected,
  onToggle,
  onSort,
}: Props) {
  const trpc = useTRPC();
  const scrollRef = useRef<HTMLDivElement>(null);
  // data-ready: clicks before hydration would be lost (tests and the bench wait for it).
  const hydrated = useHydrated();
  const first = useQueries({
    queries: [
      {
        ...trpc.runs.table.queryOptions(pageInput(experimentId, view, 0)),
        placeholderData: keepPreviousData,
        refetchInterval: live ? 2000 : (false as const),
      },
    ],
  })[0]!;
  const total = first.data?.total ?? 0;
  const layout = useMemo(() => groupLayout(first.data?.groups, total), [first.data?.groups, total]);

  const v = useVirtualizer({
    count: layout.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 12,
    // The box's largest height, before it can be measured: the server's HTML already holds the
    // first screen of rows (the experiment page awaits page 0; skeletons where a page is not
    // prefetched), so the table does not start empty and grow when the scripts run.
    initialRect: { width: 0, height: MAX_HEIGHT },
  });
  const items = v.getVirtualItems();
  const offsets = items
    .map((it) => layout.at(it.index))
    .filter((x) => x.kind === "row")
    .map((x) => (x as { offset: number }).offset);
  const pages = pagesFor(
    offsets.length ? Math.min(...offsets) : 0,
    offsets.length ? Math.max(...offsets) : 0,
    total,
  ).filter((p) => p > 0);
  const rest = useQueries({
    queries: pages.map((p) => ({
      ...trpc.runs.table.queryOptions(pageInput(experimentId, view, p)),
      refetchInterval: live ? 4000 : (false as const),
    })),
  });
  const rowAt = (offset: number): RunsTableRow | undefined => {
    const p = Math.floor(offset / PAGE_SIZE);
    const data = p === 0 ? first.data : rest[pages.indexOf(p)]?.data;
    return data?.rows[offset % PAGE_SIZE];
  };

  // A new sort or filter starts at the top again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new view is the trigger, not read
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [view]);

  const template = [...FIXED, ...columns.map(columnWidth), ACTIONS].map((w) => `${w}px`).join(" ");
  const width = [...FIXED, ...columns.map(columnWidth), ACTIONS].reduce((a, b) => a + b, 0);
  const sortMark = (key: string) =>
    view.sort?.key === key ? (view.sort.dir === "asc" ? " ↑" : " ↓") : "";
  const ariaSort = (key: string) =>
    view.sort?.key === key ? (view.sort.dir === "asc" ? "ascending" : "descending") : "none";
  const head = (key: string, label: string, num?: boolean) => (
    <th key={key} scope="col" aria-sort={ariaSort(key)} className={num ? "num" : undefined}>
      <button
        type="button"
        className={css.thBtn}
        onClick={() => onSort(key)}
        title={`Sort by ${label}`}
      >
        {label}
        {sortMark(key)}
      </button>
    </th>
  );

  return (
    <div
      ref={scrollRef}
      className={css.scroll}
      style={{
        height: Math.min(MAX_HEIGHT, 42 + Math.max(layout.count, 3) * ROW_H),
        overflow: "auto",
        position: "relative",
      }}
      data-testid="runs-table"
      data-ready={hydrated || undefined}
      data-total={total}
      data-loading={first.isPending || first.isPlaceholderData ? "true" : "false"}
    >
      <table className={css.table} aria-rowcount={total} style={{ minWidth: width }}>
        <thead className={css.head}>
          <tr style={{ gridTemplateColumns: template }}>
            <th scope="col" aria-label="Select" />
            {head("meta.name", "Run")}
            {head("status", "Status")}
            <th scope="col">Progress</th>
            {columns.map((c) => head(c.key, c.label, isNumericColumn(c)))}
            <th scope="col" />
          </tr>
        </thead>
        <tbody className={css.body} style={{ height: v.getTotalSize() }}>
          {items.map((it) => {
            const item = layout.at(it.index);
            const style = {
              transform: `translateY(${it.start}px)`,
              gridTemplateColumns: template,
              height: ROW_H,
            };
            if (item.kind === "group") {
              const g = item.group;
              return (
                <tr
                  key={`g${it.index}`}
                  className={`${css.row} ${css.group}`}
                  style={style}
                  data-testid="group-row"
                >
                  <td style={{ gridColumn: "1 / -1" }}>
                    <strong className="mono small">
                      {columns.find((c) => c.key === g.key)?.label ?? g.key} = {fmtParam(g.value)}
                    </strong>{" "}
                    <span className="faint small">· {g.count} runs</span>
                  </td>
                </tr>
              );
            }
            const r = rowAt(item.offset);
            if (!r)
              return (
                <tr key={it.key} className={css.row} style={style}>
                  <td style={{ gridColumn: "2 / 5" }}>
                    <Skeleton width="70%" />
                  </td>
                </tr>
              );
            return (
              <RunRow
                key={r.id}
                row={r}
                columns={columns}
                style={style}
                canEdit={canEdit}
                showExperiment={experimentId === undefined}
                selected={selected.has(r.id)}
                onToggle={onToggle}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
