"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { Card, LoadingCard } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import { HumanReviewLink } from "@/app/experiments/[id]/reviews/_components/human-review-link";
import { type CurveRun, Curves } from "./curves";
import { METRICS } from "./metrics";
import { RunsTable } from "./runs-table";
import { DEFAULT_VIEW, liveInput, pageInput } from "./runs-table-model";

// Polling, like MLflow's charts (10 s there); faster here because local runs are short.
const POLL_MS = 2000;
const EVAL_KEYS = new Set<string>(METRICS.map((m) => m.key));

// Its rows are in the server's HTML all the same; loading its module after the page's script
// gives it a Suspense boundary that hydrates once the module arrives, so the runs table hydrates
// first, in the page's own pass, and takes a sort without waiting behind the leaderboard's rows
// (selective hydration: a click on the leaderboard meanwhile hydrates it first; bench/scale).
const Leaderboard = dynamic(() => import("./leaderboard").then((m) => m.Leaderboard), {
  loading: () => <LoadingCard rows={3} />,
});

export function ExperimentView({
  experimentId,
  canEdit,
}: {
  experimentId: string;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  // Only the unfinished runs are polled (one small page), never the whole 10,000-run list.
  const live = useQuery({
    ...trpc.runs.table.queryOptions(liveInput(experimentId)),
    refetchInterval: (q) => (q.state.data?.total ? POLL_MS : false),
  });
  const liveTotal = live.data?.total;
  const anyLive = liveTotal == null || liveTotal > 0;
  // Page 0 of the table's default view: the same cached query the table shows first.
  const first = useQuery(trpc.runs.table.queryOptions(pageInput(experimentId, DEFAULT_VIEW, 0)));
  // leaderboard.get only reads stored values (a few ms); while some are being recomputed it says
  // `updating`, and is read again until they are not.
  const board = useQuery({
    ...trpc.leaderboard.get.queryOptions({ experimentId }),
    refetchInterval: (q) => (q.state.data?.updating ? POLL_MS : false),
  });

  // Otherwise the board changes when a run's evaluation lands, i.e. when the number of unfinished
  // runs drops: refetch on that edge. The table's pages refetch on the same edge: their own
  // polling stops once nothing is live, so the last run to finish would otherwise stay shown as
  // it was at their previous poll.
  const queryClient = useQueryClient();
  const { refetch: refetchBoard } = board;
  const lastLive = useRef(liveTotal);
  useEffect(() => {
    const before = lastLive.current;
    lastLive.current = liveTotal;
    if (before == null || liveTotal == null || liveTotal >= before) return;
    void refetchBoard();
    void queryClient.invalidateQueries({ queryKey: trpc.runs.table.pathKey() });
  }, [liveTotal, refetchBoard, queryClient, trpc]);

  const [plotted, setPlotted] = useState<{ id: string; name: string }[] | null>(null);
  const liveIds = new Set(live.data?.rows.map((r) => r.id));
  const curveRuns: CurveRun[] = (
    plotted ??
    first.data?.rows.filter((r) => !r.isBaseline && r.status !== "queued") ??
    []
  ).map((r) => ({ id: r.id, name: r.name, live: liveIds.has(r.id) }));
  const metricNames = (first.data?.columns ?? [])
    .filter((c) => c.kind === "metric" && !EVAL_KEYS.has(c.label))
    .map((c) => c.label);
  const total = first.data?.total;

  return (
    <div className="stack">
      <Card
        title="Leaderboard"
        id="leaderboard"
        actions={<HumanReviewLink experimentId={experimentId} />}
        description={
          board.data
            ? `Ranked by ${board.data.primaryMetric}; the baseline is the base model without an adapter.`
            : undefined
        }
        flush
      >
        {board.error ? (
          <div className="card-body">
            <ErrorView error={board.error} />
          </div>
        ) : board.data ? (
          <Leaderboard board={board.data} />
        ) : (
          <LoadingCard rows={3} />
        )}
      </Card>
      <Card
        title="Runs"
        description={
          total != null && liveTotal != null
            ? `${total - liveTotal} of ${total} finished`
            : undefined
        }
        flush
      >
        {first.error ? (
          <div className="card-body">
            <ErrorView error={first.error} />
          </div>
        ) : (
          <RunsTable
            experimentId={experimentId}
            canEdit={canEdit}
            live={anyLive}
            onPlot={(rows) => {
              setPlotted(rows);
              document.getElementById("curves")?.scrollIntoView({ behavior: "smooth" });
            }}
          />
        )}
      </Card>
      <Card
        title="Training loss and metrics"
        id="curves"
        description={
          plotted
            ? `${plotted.length} selected runs (Plot in the runs table).`
            : "The first runs of the table; select runs and press Plot to choose others."
        }
        actions={
          plotted ? (
            <button type="button" className="btn btn-sm" onClick={() => setPlotted(null)}>
              Back to default
            </button>
          ) : undefined
        }
      >
        {first.data ? (
          <Curves runs={curveRuns} metricNames={metricNames} />
        ) : (
          <LoadingCard rows={3} />
        )}
      </Card>
    </div>
  );
}
