import { UNFINISHED_STATUSES } from "@/core/run-status";
import type { RunsTableColumn, RunsTableInput, RunsTableRow } from "@/server/schemas/runs-table";

/** Pure pieces of the runs table: page arithmetic, group layout, column choice and cell values.
 *  Kept out of the components so they can be tested without a browser. */

export const PAGE_SIZE = 100;

export type SortState = { key: string; dir: "asc" | "desc" } | undefined;
export type TableView = {
  sort: SortState;
  filters: NonNullable<RunsTableInput["filters"]>;
  groupBy: string | undefined;
};
export const DEFAULT_VIEW: TableView = { sort: undefined, filters: [], groupBy: undefined };

/** The exact runs.table input for one page (every run of the project without an experiment); the
 *  experiment view asks for page 0 of the default view with this too, so both share one cached
 *  query. */
export function pageInput(
  experimentId: string | undefined,
  view: TableView,
  page: number,
): RunsTableInput {
  return {
    ...(experimentId ? { experimentId } : {}),
    ...(view.sort ? { sort: view.sort } : {}),
    ...(view.filters.length ? { filters: view.filters } : {}),
    ...(view.groupBy ? { groupBy: view.groupBy } : {}),
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
}

/** Rows fetched beyond the visible ones, so a scroll lands on loaded rows. Small on purpose: on
 *  the embedded database every runs.table call is served one after another, so a page nobody
 *  looks at delays the ones people do (a sort, the next screen). */
export const READ_AHEAD_ROWS = 30;

/** The unfinished runs (one small page): what the experiment view polls instead of every run. */
export function liveInput(experimentId: string): RunsTableInput {
  return {
    experimentId,
    filters: [{ key: "status", op: "in", value: [...UNFINISHED_STATUSES] }],
    offset: 0,
    limit: PAGE_SIZE,
  };
}

/** Pages that hold rows [start − READ_AHEAD_ROWS, end + READ_AHEAD_ROWS]; page 0 always (it
 *  carries total, columns and groups). */
export function pagesFor(start: number, end: number, total: number): number[] {
  if (total <= 0 || end < start) return [0];
  const last = Math.floor((total - 1) / PAGE_SIZE);
  const from = Math.max(0, Math.floor((start - READ_AHEAD_ROWS) / PAGE_SIZE));
  const to = Math.min(last, Math.floor((end + READ_AHEAD_ROWS) / PAGE_SIZE));
  const pages: number[] = [];
  for (let p = from; p <= to; p++) pages.push(p);
  return pages.includes(0) ? pages : [0, ...pages];
}

export type Group = { key: string; value: unknown; count: number };
export type LayoutItem =
  | { kind: "group"; group: Group; index: number }
  | { kind: "row"; offset: number };

/** With grouping, the list shows a header before each group's rows (rows arrive sorted by group
 *  from the server). Returns the item count and an O(log n) index → item lookup. */
export function groupLayout(groups: readonly Group[] | undefined, total: number) {
  if (!groups?.length)
    return { count: total, at: (i: number): LayoutItem => ({ kind: "row", offset: i }) };
  const starts: number[] = []; // list index of each group's header
  const before: number[] = []; // rows in the groups before this one
  let pos = 0,
    rows = 0;
  for (const g of groups) {
    starts.push(pos);
    before.push(rows);
    pos += g.count + 1;
    rows += g.count;
  }
  const at = (i: number): LayoutItem => {
    let lo = 0,
      hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    if (i === starts[lo]) return { kind: "group", group: groups[lo]!, index: lo };
    return { kind: "row", offset: before[lo]! + (i - starts[lo]! - 1) };
  };
  return { count: pos, at };
}

/** What a run cost, in money and in memory: shown by default, next to each other. */
const RESOURCE_KEYS = new Set(["meta.cost", "meta.peakMem"]);

/** Right-aligned columns: numbers people compare down the column. */
export const isNumericColumn = (c: Pick<RunsTableColumn, "key" | "kind">) =>
  c.kind === "metric" || RESOURCE_KEYS.has(c.key);

/** Columns shown by default: the grid's parameters, the eval metrics and losses, cost, peak
 *  memory and tags. */
export function defaultColumns(columns: readonly RunsTableColumn[]): string[] {
  const params = columns.filter((c) => c.kind === "param").map((c) => c.key);
  const metrics = columns
    .filter((c) => c.kind === "metric")
    .map((c) => c.key)
    .slice(0, 6);
  const extra = columns
    .filter((c) => RESOURCE_KEYS.has(c.key) || c.key === "tag")
    .map((c) => c.key);
  return [...params, ...metrics, ...extra];
}

/** The fixed columns (select, name, status, progress) are not pickable. */
export const FIXED_KEYS = new Set(["meta.name", "status"]);

export function visibleColumns(
  columns: readonly RunsTableColumn[],
  chosen: readonly string[] | null,
  diffOnly: boolean,
): RunsTableColumn[] {
  const want = new Set(chosen ?? defaultColumns(columns));
  // Parameters, then metrics, then cost and memory, tags and dates: what people compare first
  // stays on screen.
  const meta = (key: string) => (key === "meta.cost" ? 2 : key === "meta.peakMem" ? 2.5 : 4);
  const rank = (c: RunsTableColumn) =>
    ({ param: 0, metric: 1, meta: meta(c.key), tag: 3, status: 5 })[c.kind];
  return columns
    .filter(
      (c) =>
        !FIXED_KEYS.has(c.key) && want.has(c.key) && (!diffOnly || c.varies || c.kind === "meta"),
    )
    .sort((a, b) => rank(a) - rank(b));
}

export function cellValue(row: RunsTableRow, key: string): unknown {
  if (key.startsWith("param.")) return row.hyperparams[key.slice(6)];
  if (key.startsWith("metric.")) return row.metrics[key.slice(7)];
  switch (key) {
    case "tag":
      return row.tags;
    case "status":
      return row.status;
    case "meta.name":
      return row.name;
    case "meta.index":
      return row.index;
    case "meta.cost":
      return row.cost?.usd ?? null;
    case "meta.peakMem":
      return row.peakMemBytes;
    case "meta.createdAt":
      return row.createdAt;
    case "meta.finishedAt":
      return row.finishedAt;
    default:
      return undefined;
  }
}

/** Compare needs 2..20 runs; the baseline run (if selected) is the reference, else the first. */
export function compareHref(
  selected: readonly { id: string; isBaseline: boolean }[],
): string | null {
  if (selected.length < 2 || selected.length > 20) return null;
  const baseline = selected.find((r) => r.isBaseline) ?? selected[0]!;
  return `/compare?runs=${selected.map((r) => encodeURIComponent(r.id)).join(",")}&baseline=${encodeURIComponent(baseline.id)}`;
}
