"use client";

import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";

export function RunLogs({ runId, live }: { runId: string; live: boolean }) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.runs.logs.queryOptions({ runId }),
    refetchInterval: live ? 3000 : false,
  });
  if (q.isPending)
    return (
      <div className="card-body">
        <Skeleton height={120} />
      </div>
    );
  const lines = q.data ?? [];
  if (lines.length === 0)
    return (
      <div className="empty">
        <p>No log lines yet.</p>
      </div>
    );
  return (
    <div className="logs" style={{ borderRadius: "0 0 8px 8px" }} data-testid="run-logs">
      {lines.map((l) => (
        <div
          key={l.seq}
          className={l.level === "warning" ? "warn" : l.level === "error" ? "error" : undefined}
        >
          <span className="t">{new Date(l.time).toLocaleTimeString("en-GB")}</span>
          {l.message}
        </div>
      ))}
    </div>
  );
}
