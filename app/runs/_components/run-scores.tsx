"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { fmtNumber } from "@/app/_components/format";
import { isLive } from "@/app/_components/status-badge";
import { Stat } from "@/app/_components/ui";
import { METRICS } from "@/app/experiments/_components/eval-suite-picker";

/** The run's evaluation: one tile per metric with its 95% CI. Hidden until there is one. */
export function RunScores({ runId, status }: { runId: string; status: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.runs.samples.queryOptions({ runId }), refetchInterval: isLive(status) ? 4000 : false });
  const ev = q.data?.evaluation;
  if (!ev) return null;
  const entries = Object.entries(ev.scores ?? {});
  return (
    <div className="grid-4" data-testid="run-scores">
      {entries.map(([m, s]) => (
        <Stat key={m} label={METRICS.find((x) => x.key === m)?.label ?? m} value={fmtNumber(s.score, 1)}
          hint={s.ci ? `95% CI ${fmtNumber(s.ci[0], 1)} – ${fmtNumber(s.ci[1], 1)} · ${ev.sampleCount} samples` : `${ev.sampleCount} samples`} />
      ))}
    </div>
  );
}
