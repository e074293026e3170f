import Link from "next/link";
import { fmtBytes, fmtNumber } from "@/app/_components/format";
import { StatusBadge } from "@/app/_components/status-badge";
import { Badge, EmptyState } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_trpc/types";
import { CiBar } from "./ci-bar";
import { GateBadge } from "./gate-badge";
import { HumanReviewCells, HumanReviewHead, HumanReviewNote } from "./human-review-columns";
import { Hyperparams } from "./hyperparams";
import { JudgeCells, JudgeHead, JudgeNotes } from "./judge-columns";
import { JudgePreferencesAction } from "./judge-preferences-action";
import { METRICS } from "./metrics";
import { ParetoView } from "./pareto-chart";
import { RetentionCell } from "./retention-cell";
import { usd } from "./runs-table-cells";

type Board = RouterOutputs["leaderboard"]["get"];

const metricLabel = (m: string) => METRICS.find((x) => x.key === m)?.label ?? m;

/** Runs ranked by the primary metric with 95% bootstrap CIs. "≈ best" marks runs whose paired
 *  difference from the best is not significant: a person should not pick among them by score. */
export function Leaderboard({ board }: { board: Board }) {
  // Ranked runs first, the baseline last as the reference row, whatever its score.
  const rows = [
    ...board.rows.filter((r) => !r.isBaseline),
    ...board.rows.filter((r) => r.isBaseline),
  ];
  if (rows.length === 0) {
    return (
      <EmptyState title="No scores yet">
        Runs are ranked here as soon as their evaluation finishes.
      </EmptyState>
    );
  }
  const primary = board.primaryMetric;
  const others = board.metrics.filter((m) => m !== primary);
  const lows = rows.map((r) => r.primary?.ci?.[0] ?? r.primary?.score ?? 0);
  const highs = rows.map((r) => r.primary?.ci?.[1] ?? r.primary?.score ?? 0);
  const domain: [number, number] = [Math.min(...lows), Math.max(...highs)];
  const baseline = rows.find((r) => r.isBaseline);
  const retention = rows.some((r) => r.scores?.["retention:perplexity"]);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="leaderboard">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Run</th>
            <th>Hyperparameters</th>
            <th className="num">{metricLabel(primary)}</th>
            <th>95% CI</th>
            <th></th>
            {baseline && <th className="num">vs baseline</th>}
            {others.map((m) => (
              <th key={m} className="num">
                {metricLabel(m)}
              </th>
            ))}
            <th className="num">Cost</th>
            <th className="num" title="The most memory training held on any device">
              Peak memory
            </th>
            {retention && (
              <th
                className="num"
                title="Perplexity on the retention set vs the base model's (paired 95% interval); a rise means the run forgot"
              >
                Retention ppl vs base
              </th>
            )}
            <HumanReviewHead board={board} />
            <JudgeHead board={board} />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const score = r.primary?.score;
            const delta =
              baseline?.primary && score != null && !r.isBaseline
                ? score - baseline.primary.score
                : null;
            return (
              <tr
                key={r.runId}
                className={r.isBaseline ? "baseline" : r.rank === 1 ? "highlight" : undefined}
                data-testid="leaderboard-row"
              >
                <td className="num faint">{r.isBaseline ? "" : (r.rank ?? "")}</td>
                <td>
                  <Link href={`/runs/${r.runId}`}>
                    {r.isBaseline ? "Baseline (no adapter)" : r.name}
                  </Link>
                  {r.status !== "evaluated" && (
                    <>
                      {" "}
                      <StatusBadge status={r.status} />
                    </>
                  )}
                </td>
                <td>
                  {r.isBaseline ? (
                    <span className="faint small">base model, prompted</span>
                  ) : (
                    <Hyperparams value={r.hyperparams} />
                  )}
                </td>
                <td className="num">
                  <strong>{fmtNumber(score, 1)}</strong>
                </td>
                <td>
                  {score != null && <CiBar score={score} ci={r.primary?.ci} domain={domain} />}
                  <div className="faint small mono">
                    {r.primary?.ci
                      ? `${fmtNumber(r.primary.ci[0], 1)} – ${fmtNumber(r.primary.ci[1], 1)}`
                      : ""}
                  </div>
                </td>
                <td>
                  {r.rank === 1 && !r.isBaseline && (
                    <Badge tone="ok" plain>
                      best
                    </Badge>
                  )}
                  {r.rank !== 1 && r.tiedWithBest && (
                    <Badge
                      tone="accent"
                      plain
                      title="Not significantly different from the best run (paired bootstrap, 95%)"
                    >
                      ≈ best
                    </Badge>
                  )}
                  <GateBadge gate={r.gate} />
                  {r.updating && (
                    <span data-testid="leaderboard-updating">
                      <Badge
                        tone="neutral"
                        plain
                        title="Its paired tests or gate are being computed again against the current best run and baseline"
                      >
                        updating…
                      </Badge>
                    </span>
                  )}
                </td>
                {baseline && (
                  <td className="num">
                    <Delta delta={delta} p={r.pValueVsBaseline} updating={r.updating} />
                  </td>
                )}
                {others.map((m) => (
                  <td key={m} className="num">
                    {fmtNumber(r.scores?.[m]?.score, 1)}
                  </td>
                ))}
                <td className="num mono small">{usd(r.cost?.usd)}</td>
                <td className="num mono small" data-testid="leaderboard-peak-mem">
                  {fmtBytes(r.peakMemBytes)}
                </td>
                {retention && <RetentionCell change={r.retention} />}
                <HumanReviewCells board={board} row={r} />
                <JudgeCells board={board} row={r} />
              </tr>
            );
          })}
        </tbody>
      </table>
      <ParetoView board={board} />
      <HumanReviewNote board={board} />
      <JudgeNotes board={board} />
      <JudgePreferencesAction board={board} />
      <p className="faint small" style={{ padding: "8px 14px", margin: 0 }}>
        Scores on a 0–100 scale over {board.sampleCount ?? "the"} eval samples (perplexity: of the
        reference answers, lower is better). Intervals: 95% bootstrap. &ldquo;≈ best&rdquo;: not
        significantly different from the top run; n.s.: not significantly different from the
        baseline (paired test, p ≥ 0.05).
      </p>
    </div>
  );
}

/** Difference from the baseline; coloured only when the paired test says it is real (p < 0.05).
 *  Without a p-value while the row is updating, no verdict either way. */
function Delta({
  delta,
  p,
  updating,
}: {
  delta: number | null;
  p: number | null;
  updating: boolean;
}) {
  if (delta == null) return null;
  if (p == null && updating)
    return (
      <span className="mono small faint" title="paired test being computed">
        {delta >= 0 ? "+" : ""}
        {fmtNumber(delta, 1)} …
      </span>
    );
  const significant = p != null && p < 0.05 && delta !== 0;
  const color = !significant ? "var(--text-3)" : delta > 0 ? "var(--ok)" : "var(--err)";
  return (
    <span
      className="mono small"
      style={{ color, fontWeight: significant ? 600 : 400 }}
      title={
        p == null
          ? undefined
          : `paired test p = ${p.toFixed(3)}${significant ? "" : " (not significant)"}`
      }
    >
      {delta >= 0 ? "+" : ""}
      {fmtNumber(delta, 1)}
      {!significant && " n.s."}
    </span>
  );
}
