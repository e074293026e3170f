"use client";

import { useQuery } from "@tanstack/react-query";
import { StepChart } from "@/app/_components/line-chart";
import { Card, LoadingCard } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";

const CHARTS = [
  { names: ["train/loss", "eval/loss"], title: "Loss" },
  { names: ["train/lr"], title: "Learning rate" },
];

export function RunCurves({ runId, live }: { runId: string; live: boolean }) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.runs.metrics.queryOptions({ runId }),
    refetchInterval: live ? 3000 : false,
  });
  const all = q.data?.series ?? [];
  return (
    <div className="grid-2">
      {CHARTS.map((c) => (
        <Card key={c.title} title={c.title}>
          {q.isPending ? (
            <LoadingCard rows={3} />
          ) : (
            <StepChart
              height={240}
              series={all
                .filter((s) => c.names.includes(s.name))
                .map((s) => ({ key: s.name, label: s.name, points: s.points }))}
            />
          )}
        </Card>
      ))}
    </div>
  );
}
