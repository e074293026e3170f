import { fmtNumber } from "@/app/_components/format";
import type { RetentionChange } from "@/server/schemas/leaderboard";

const pct = (ratio: number) => `${ratio >= 1 ? "+" : ""}${fmtNumber((ratio - 1) * 100, 1)}%`;

/** A run's retention perplexity against the base model's: red when the 95% interval lies above
 *  0% (it forgot), green when below (it got better there), grey when the interval spans 0%. */
export function RetentionCell({ change }: { change: RetentionChange | null }) {
  if (!change) return <td className="num faint">—</td>;
  const [lo, hi] = change.ci;
  const color = lo > 1 ? "var(--err)" : hi < 1 ? "var(--ok)" : "var(--text-3)";
  return (
    <td className="num" data-testid="retention-cell">
      <span className="mono small" style={{ color, fontWeight: lo > 1 || hi < 1 ? 600 : 400 }}>
        {pct(change.ratio)}
      </span>
      <div className="faint small mono">
        {pct(lo)} – {pct(hi)}
      </div>
    </td>
  );
}
