import type { runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { getLeaderboard } from "@/server/services/leaderboard";

const last = new Map<string, string>();

/** One line per run whenever its state or step changes. */
export function printProgress(rows: (typeof runs.$inferSelect)[]) {
  for (const r of [...rows].sort((a, b) => a.index - b.index)) {
    const step = r.totalSteps ? ` step ${r.step ?? 0}/${r.totalSteps}` : "";
    const speed =
      r.status === "running" && r.tokensPerSecond
        ? ` · ${Math.round(r.tokensPerSecond)} tok/s · ETA ${Math.round(r.etaSeconds ?? 0)} s`
        : "";
    const key = `${r.status}${step}`;
    if (last.get(r.id) === key) continue;
    last.set(r.id, key);
    console.log(
      `[demo] ${r.name.padEnd(24)} ${r.status}${step}${speed}${r.error ? ` · ${r.error.split("\n")[0]}` : ""}`,
    );
  }
}

export async function printLeaderboard(ctx: DomainCtx, experimentId: string) {
  const board = await getLeaderboard({ ctx, input: { experimentId } });
  const fmt = (v: number | undefined) => (v === undefined ? "  —  " : v.toFixed(1).padStart(5));
  console.log(
    `\n[demo] leaderboard (primary: ${board.primaryMetric}, ${board.sampleCount} eval samples, 95% bootstrap CI)`,
  );
  for (const r of board.rows) {
    const ci = r.primary?.ci
      ? `[${r.primary.ci[0].toFixed(1)}, ${r.primary.ci[1].toFixed(1)}]`
      : "";
    const tag = r.isBaseline ? "baseline" : r.rank === 1 ? "best" : r.tiedWithBest ? "≈ best" : "";
    const others = board.metrics.map((m) => `${m} ${fmt(r.scores[m]?.score)}`).join("  ");
    console.log(
      `[demo]  ${String(r.rank ?? "-").padStart(2)}  ${r.name.padEnd(24)} ${fmt(r.primary?.score)} ${ci.padEnd(14)} ${tag.padEnd(8)} ${others}`,
    );
  }
  console.log("");
}
