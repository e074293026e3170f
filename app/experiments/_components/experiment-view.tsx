"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { isLive } from "@/app/_components/status-badge";
import { Card, LoadingCard } from "@/app/_components/ui";
import { ErrorView } from "@/app/_components/error-view";
import { Leaderboard } from "./leaderboard";
import { LossCurves } from "./loss-curves";
import { RunsTable } from "./runs-table";

// Polling, like MLflow's charts (10 s there); faster here because local runs are short.
const POLL_MS = 2000;

export function ExperimentView({ experimentId, canEdit }: { experimentId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const runs = useQuery({
    ...trpc.runs.list.queryOptions({ experimentId }),
    refetchInterval: (q) => (q.state.data?.some((r) => isLive(r.status)) ? POLL_MS : false),
  });
  const anyLive = runs.data?.some((r) => isLive(r.status)) ?? true;
  const board = useQuery({ ...trpc.leaderboard.get.queryOptions({ experimentId }), refetchInterval: anyLive ? POLL_MS * 2 : false });

  // The board changes exactly when a run's evaluation lands; refetching on that edge (not only on
  // a timer) means the last run's row appears even though polling stops once nothing is live.
  const evaluated = runs.data?.filter((r) => r.status === "evaluated").length ?? 0;
  const { refetch: refetchBoard } = board;
  useEffect(() => { if (evaluated > 0) void refetchBoard(); }, [evaluated, refetchBoard]);

  const done = runs.data?.filter((r) => !isLive(r.status)).length ?? 0;
  return (
    <div className="stack">
      <Card title="Leaderboard" id="leaderboard"
        description={board.data ? `Ranked by ${board.data.primaryMetric}; the baseline is the base model without an adapter.` : undefined} flush>
        {board.error ? <div className="card-body"><ErrorView error={board.error} /></div>
          : board.data ? <Leaderboard board={board.data} /> : <LoadingCard rows={3} />}
      </Card>
      <Card title="Runs" description={runs.data ? `${done} of ${runs.data.length} finished` : undefined} flush>
        {runs.error ? <div className="card-body"><ErrorView error={runs.error} /></div>
          : runs.data ? <RunsTable runs={runs.data} canEdit={canEdit} /> : <LoadingCard rows={3} />}
      </Card>
      <Card title="Training loss" description="All runs overlaid on one step axis.">
        {runs.data ? <LossCurves runs={runs.data} /> : <LoadingCard rows={3} />}
      </Card>
    </div>
  );
}
