import { fmtNumber } from "@/app/_components/format";
import { metricLabel } from "@/app/experiments/_components/metrics";
import { lowerIsBetter } from "@/core/enums";
import type { CompareOutput } from "@/server/schemas/compare";

/** Metric × run: score, 95% CI, and the paired difference from the baseline. Colour only when
 *  the paired test says the difference is real, as on the leaderboard; green is an improvement,
 *  which for perplexity is a fall. */
export function CompareMetrics({
  data,
  name,
}: {
  data: CompareOutput;
  name: (id: string) => string;
}) {
  if (data.metrics.length === 0)
    return (
      <div className="empty">
        <p>No evaluation scores yet for these runs.</p>
      </div>
    );
  const order = data.runs.map((r) => r.id);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="compare-metrics">
        <thead>
          <tr>
            <th>Metric</th>
            {order.map((id) => (
              <th key={id} className="num">
                {name(id)}
                {id === data.baselineRunId && " (baseline)"}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.metrics.map((m) => (
            <tr key={m.metric}>
              <td>
                <strong>{metricLabel(m.metric)}</strong>
                {m.metric === data.primaryMetric && <span className="faint small"> · primary</span>}
              </td>
              {order.map((id) => {
                const c = m.perRun.find((p) => p.runId === id);
                if (!c || c.score == null)
                  return (
                    <td key={id} className="num faint">
                      —
                    </td>
                  );
                const sig = c.significant === true;
                const color =
                  !sig || c.delta == null || c.delta === 0
                    ? "var(--text-3)"
                    : lowerIsBetter(m.metric) === c.delta < 0
                      ? "var(--ok)"
                      : "var(--err)";
                return (
                  <td key={id} className="num" data-testid="metric-cell">
                    <div>
                      <strong>{fmtNumber(c.score, 1)}</strong>{" "}
                      <span className="faint small mono">
                        {c.ci ? `[${fmtNumber(c.ci[0], 1)}, ${fmtNumber(c.ci[1], 1)}]` : ""}
                      </span>
                    </div>
                    {c.delta != null && (
                      <div
                        className="mono small"
                        style={{ color, fontWeight: sig ? 600 : 400 }}
                        title={
                          c.pValue != null ? `paired test p = ${c.pValue.toFixed(3)}` : undefined
                        }
                      >
                        Δ {c.delta >= 0 ? "+" : ""}
                        {fmtNumber(c.delta, 1)}{" "}
                        {c.pValue != null &&
                          `p=${c.pValue < 0.001 ? "<0.001" : c.pValue.toFixed(3)}`}
                        {!sig && " n.s."}
                      </div>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
