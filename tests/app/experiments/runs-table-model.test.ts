import { describe, expect, test } from "vitest";
import {
  compareHref,
  DEFAULT_VIEW,
  groupLayout,
  PAGE_SIZE,
  pageInput,
  pagesFor,
  READ_AHEAD_ROWS,
  visibleColumns,
} from "@/app/experiments/_components/runs-table-model";
import { UNFINISHED_STATUSES } from "@/core/run-status";
import { RunsTableInput } from "@/server/schemas/runs-table";

describe("runs table paging", () => {
  test("pages cover the visible rows plus a few rows of read-ahead, page 0 always", () => {
    expect(pagesFor(0, 25, 10_000)).toEqual([0]); // the first screen needs one page, not two
    expect(pagesFor(0, PAGE_SIZE - READ_AHEAD_ROWS, 10_000)).toEqual([0, 1]); // near the end of page 0
    expect(pagesFor(5 * PAGE_SIZE + 40, 5 * PAGE_SIZE + 60, 10_000)).toEqual([0, 5]);
    expect(pagesFor(5 * PAGE_SIZE + 3, 5 * PAGE_SIZE + 40, 10_000)).toEqual([0, 4, 5]);
    expect(pagesFor(9_990, 9_999, 10_000)).toEqual([0, 99]);
    expect(pagesFor(0, 0, 0)).toEqual([0]);
  });

  test("page inputs are valid runs.table inputs and omit what is unset", () => {
    const a = pageInput("e1", DEFAULT_VIEW, 3);
    expect(a).toEqual({ experimentId: "e1", offset: 3 * PAGE_SIZE, limit: PAGE_SIZE });
    const b = pageInput(
      "e1",
      {
        sort: { key: "metric.chrf", dir: "desc" },
        filters: [{ key: "status", op: "eq", value: "evaluated" }],
        groupBy: "param.lr",
      },
      0,
    );
    expect(RunsTableInput.safeParse(b).success).toBe(true);
  });
});

describe("groupLayout", () => {
  test("headers precede each group's rows and offsets stay contiguous", () => {
    const groups = [
      { key: "param.r", value: 4, count: 2 },
      { key: "param.r", value: 8, count: 3 },
    ];
    const l = groupLayout(groups, 5);
    expect(l.count).toBe(7);
    const items = Array.from({ length: l.count }, (_, i) => l.at(i));
    expect(items.map((it) => (it.kind === "group" ? `g${it.group.value}` : it.offset))).toEqual([
      "g4",
      0,
      1,
      "g8",
      2,
      3,
      4,
    ]);
  });

  test("without groups every index is a row", () => {
    const l = groupLayout(undefined, 3);
    expect(l.count).toBe(3);
    expect(l.at(2)).toEqual({ kind: "row", offset: 2 });
  });
});

describe("columns", () => {
  const cols = [
    { key: "param.lr", label: "lr", kind: "param" as const, varies: true },
    { key: "param.epochs", label: "epochs", kind: "param" as const, varies: false },
    { key: "metric.chrf", label: "chrF", kind: "metric" as const, varies: true },
    { key: "status", label: "Status", kind: "status" as const, varies: true },
    { key: "meta.cost", label: "Cost", kind: "meta" as const, varies: false },
    { key: "meta.peakMem", label: "Peak memory", kind: "meta" as const, varies: true },
  ];
  test("diff only hides params and metrics that do not vary, keeps chosen meta columns", () => {
    expect(visibleColumns(cols, null, false).map((c) => c.key)).toEqual([
      "param.lr",
      "param.epochs",
      "metric.chrf",
      "meta.cost",
      "meta.peakMem",
    ]);
    expect(visibleColumns(cols, null, true).map((c) => c.key)).toEqual([
      "param.lr",
      "metric.chrf",
      "meta.cost",
      "meta.peakMem",
    ]);
    expect(visibleColumns(cols, ["metric.chrf"], false).map((c) => c.key)).toEqual(["metric.chrf"]);
    // Parameters, metrics, then cost and memory, whatever order the server lists them in.
    expect(visibleColumns([...cols].reverse(), null, false).map((c) => c.key)).toEqual([
      "param.epochs",
      "param.lr",
      "metric.chrf",
      "meta.cost",
      "meta.peakMem",
    ]);
  });
});

describe("compareHref", () => {
  test("needs two to twenty runs and prefers the baseline as reference", () => {
    expect(compareHref([{ id: "a", isBaseline: false }])).toBeNull();
    expect(
      compareHref([
        { id: "a", isBaseline: false },
        { id: "b", isBaseline: true },
      ]),
    ).toBe("/compare?runs=a,b&baseline=b");
    expect(
      compareHref(Array.from({ length: 21 }, (_, i) => ({ id: `r${i}`, isBaseline: false }))),
    ).toBeNull();
  });
});

describe("liveInput", () => {
  test("asks runs.table for every unfinished status, the same set the status badges pulse for", async () => {
    const { liveInput } = await import("@/app/experiments/_components/runs-table-model");
    const input = liveInput("e1");
    expect(RunsTableInput.safeParse(input).success).toBe(true);
    expect(input.filters![0]!.value).toEqual(UNFINISHED_STATUSES);
  });
});
