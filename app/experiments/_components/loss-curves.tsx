"use client";

import { useQueries } from "@tanstack/react-query";
import type { RouterOutputs } from "@/app/_trpc/types";
import { useTRPC } from "@/app/_trpc/client";
import { StepChart, type Series } from "@/app/_components/line-chart";
import { isLive } from "@/app/_components/status-badge";

type Run = RouterOutputs["runs"]["list"][number];

// Charts stay readable and cheap up to about this many overlaid runs (MLflow caps at 100).
const MAX_SERIES = 20;

/** Training loss of every run on one chart; live runs refetch, finished ones are cached. */
export function LossCurves({ runs, metric = "train/loss" }: { runs: Run[]; metric?: string }) {
  const trpc = useTRPC();
  const trained = runs.filter((r) => !r.isBaseline && r.status !== "queued").slice(0, MAX_SERIES);
  const results = useQueries({
    queries: trained.map((r) => ({
      ...trpc.runs.metrics.queryOptions({ runId: r.id, names: [metric] }),
      refetchInterval: isLive(r.status) ? 3000 : false,
    })),
  });
  const series: Series[] = trained.map((r, i) => ({
    key: r.id,
    label: r.name,
    points: (results[i]?.data?.series?.find((s) => s.name === metric)?.points ?? []),
  }));
  return <StepChart series={series} yLabel={metric} />;
}
