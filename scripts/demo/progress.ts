import type { getLeaderboard } from "@/server/services/leaderboard";

export type Board = Awaited<ReturnType<typeof getLeaderboard>>;

/** The leaderboard as the server's REST API returns it, one line per run. */
export function printLeaderboard(board: Board) {
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
