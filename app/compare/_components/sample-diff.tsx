"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { fmtInt } from "@/app/_components/format";
import { verdictsBySample } from "@/app/_components/sample-verdicts";
import { LoadingCard } from "@/app/_components/ui";
import { useJudgeCalibrations } from "@/app/_components/use-judge-calibrations";
import { useTRPC } from "@/app/_trpc/client";
import { METRICS } from "@/app/experiments/_components/metrics";
import { SampleRow } from "./sample-row";

const PAGE = 50;
type Filter = "all" | "a_better" | "b_better" | "both_wrong";
type Sort = "regression" | "index";

/** Per-sample outputs of runs A and B aligned by input, worst regressions first, filtered and
 *  paged on the server (an eval set can hold 100,000 samples). */
export function SampleDiff({
  a,
  b,
  nameA,
  nameB,
  primaryMetric,
}: {
  a: string;
  b: string;
  nameA: string;
  nameB: string;
  primaryMetric: string;
}) {
  const trpc = useTRPC();
  const [metric, setMetric] = useState(primaryMetric);
  const [filter, setFilter] = useState<Filter>("all");
  const [sort, setSort] = useState<Sort>("regression");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(0);
  const q = useQuery({
    ...trpc.compare.samples.queryOptions({
      runIds: [a, b],
      metric,
      filter,
      sort,
      ...(search.trim() ? { search: search.trim() } : {}),
      offset: page * PAGE,
      limit: PAGE,
    }),
    placeholderData: keepPreviousData,
  });
  const judgedA = useQuery(trpc.judges.verdicts.queryOptions({ runId: a }));
  const judgedB = useQuery(trpc.judges.verdicts.queryOptions({ runId: b }));
  const verdictsA = useMemo(() => verdictsBySample(judgedA.data), [judgedA.data]);
  const verdictsB = useMemo(() => verdictsBySample(judgedB.data), [judgedB.data]);
  const calibrations = { a: useJudgeCalibrations(a), b: useJudgeCalibrations(b) };
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(0);
    };
  const c = q.data?.counts;
  const FILTERS: { key: Filter; label: string }[] = [
    { key: "all", label: "All" },
    { key: "a_better", label: `A better${c ? ` (${fmtInt(c.aBetter)})` : ""}` },
    { key: "b_better", label: `B better${c ? ` (${fmtInt(c.bBetter)})` : ""}` },
    { key: "both_wrong", label: `Both wrong${c ? ` (${fmtInt(c.bothWrong)})` : ""}` },
  ];
  const total = q.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  return (
    <div>
      <div className="spread" style={{ padding: "10px 14px", flexWrap: "wrap" }}>
        <div className="row" style={{ gap: 8 }}>
          <span className="small">
            <span className="badge plain">A</span> {nameA} <span className="faint">vs</span>{" "}
            <span className="badge accent plain">B</span> {nameB}
          </span>
        </div>
        <div className="row" style={{ gap: 8 }}>
          <fieldset className="segmented" aria-label="Filter samples">
            {FILTERS.map((f) => (
              <button
                key={f.key}
                type="button"
                aria-pressed={filter === f.key}
                onClick={() => reset(setFilter)(f.key)}
              >
                {f.label}
              </button>
            ))}
          </fieldset>
          <fieldset className="segmented" aria-label="Sort samples">
            <button
              type="button"
              aria-pressed={sort === "regression"}
              onClick={() => reset(setSort)("regression")}
            >
              Biggest regression
            </button>
            <button
              type="button"
              aria-pressed={sort === "index"}
              onClick={() => reset(setSort)("index")}
            >
              In order
            </button>
          </fieldset>
          <select
            className="select"
            style={{ width: 110, height: 30 }}
            aria-label="Sample metric"
            value={metric}
            onChange={(e) => reset(setMetric)(e.target.value)}
          >
            {METRICS.map((m) => (
              <option key={m.key} value={m.key}>
                {m.label}
              </option>
            ))}
          </select>
          <input
            className="input"
            style={{ width: 160, height: 30 }}
            placeholder="Search text"
            aria-label="Search samples"
            value={search}
            onChange={(e) => reset(setSearch)(e.target.value)}
          />
        </div>
      </div>
      {q.error ? (
        <div className="card-body">
          <ErrorView error={q.error} />
        </div>
      ) : !q.data ? (
        <LoadingCard rows={4} />
      ) : q.data.rows.length === 0 ? (
        <div className="empty">
          <p>
            {filter === "all" && !search
              ? "No aligned samples: both runs need an evaluation on the same eval set."
              : "No samples match."}
          </p>
        </div>
      ) : (
        <div
          data-testid="sample-rows"
          data-loading={q.isPlaceholderData ? "true" : "false"}
          data-filter={filter}
          data-sort={sort}
        >
          {q.data.rows.map((r) => (
            <SampleRow
              key={r.idx}
              row={r}
              a={a}
              b={b}
              verdicts={{ a: verdictsA.get(r.idx), b: verdictsB.get(r.idx) }}
              calibrations={calibrations}
            />
          ))}
        </div>
      )}
      <div className="spread" style={{ padding: "10px 14px" }}>
        <span className="faint small" data-testid="sample-total">
          {fmtInt(total)} samples{filter !== "all" || search ? " match" : ""} · page {page + 1} of{" "}
          {pages}
        </span>
        <div className="row" style={{ gap: 6 }}>
          <button
            type="button"
            className="btn btn-sm"
            disabled={page === 0}
            onClick={() => setPage((p) => p - 1)}
          >
            ← Previous
          </button>
          <button
            type="button"
            className="btn btn-sm"
            disabled={page + 1 >= pages}
            onClick={() => setPage((p) => p + 1)}
          >
            Next →
          </button>
        </div>
      </div>
    </div>
  );
}
