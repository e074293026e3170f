"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge, type Tone } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import { checkMark } from "@/server/schemas/gates";

const LOOK: Record<string, { tone: Tone; label: string }> = {
  passed: { tone: "ok", label: "gate ✓" },
  failed: { tone: "err", label: "gate ✗" },
  pending: { tone: "neutral", label: "gate …" },
  baselineFailed: { tone: "warn", label: "gate – none (baseline failed)" },
};

/** A run's regression-gate verdict, with each check's reason on hover. Every badge of an
 *  experiment shares one gates.list query (same key), refreshed with the leaderboard. */
export function GateBadge({ experimentId, runId }: { experimentId: string; runId: string }) {
  const trpc = useTRPC();
  const { data } = useQuery({
    ...trpc.gates.list.queryOptions({ experimentId }),
    refetchInterval: 4000,
  });
  const verdict = data?.verdicts.find((v) => v.runId === runId);
  const look = verdict && LOOK[verdict.baselineFailed ? "baselineFailed" : verdict.verdict];
  if (!verdict || !look) return null; // no gates declared, or a run that will never be evaluated
  const title = verdict.checks.length
    ? verdict.checks.map((c) => `${checkMark(c)} ${c.reason}`).join("\n")
    : "not evaluated yet";
  return (
    <span data-testid="gate-badge" data-verdict={verdict.verdict}>
      <Badge tone={look.tone} plain title={title}>
        {look.label}
      </Badge>
    </span>
  );
}
