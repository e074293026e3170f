import { Badge, type Tone } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_trpc/types";
import { checkMark } from "@/core/gates";

type Gate = RouterOutputs["leaderboard"]["get"]["rows"][number]["gate"];

const LOOK: Record<string, { tone: Tone; label: string }> = {
  passed: { tone: "ok", label: "gate ✓" },
  failed: { tone: "err", label: "gate ✗" },
  pending: { tone: "neutral", label: "gate …" },
  baselineFailed: { tone: "warn", label: "gate – none (baseline failed)" },
};

/** A run's regression-gate verdict as leaderboard.get stored it, with each check's reason on hover. */
export function GateBadge({ gate }: { gate: Gate }) {
  const look = gate && LOOK[gate.baselineFailed ? "baselineFailed" : gate.verdict];
  if (!gate || !look) return null; // no gates declared, the baseline, or being decided again
  const title = gate.checks.length
    ? gate.checks.map((c) => `${checkMark(c)} ${c.reason}`).join("\n")
    : "not evaluated yet";
  return (
    <span data-testid="gate-badge" data-verdict={gate.verdict}>
      <Badge tone={look.tone} plain title={title}>
        {look.label}
      </Badge>
    </span>
  );
}
