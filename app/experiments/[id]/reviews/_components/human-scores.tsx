import { fmtNumber } from "@/app/_components/format";
import type { RouterOutputs } from "@/app/_trpc/types";
import { CiBar } from "@/app/experiments/_components/ci-bar";

type Row = RouterOutputs["reviews"]["results"]["perRun"][number];

/** winRate and passRate are 0–100 (%), rubric is the 1–5 scale; a fixed domain keeps bars honest. */
export function HumanScores({
  rows,
  scale,
}: {
  rows: Row[];
  scale: "winRate" | "passRate" | "rubric";
}) {
  const sorted = [...rows].sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity));
  const domain: [number, number] = scale === "rubric" ? [1, 5] : [0, 100];
  const fmt = (v: number | null | undefined) =>
    scale === "rubric" ? fmtNumber(v, 2) : v == null ? "—" : `${fmtNumber(v, 0)}%`;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="human-scores">
        <thead>
          <tr>
            <th>Run</th>
            <th className="num">
              {scale === "winRate" ? "Win rate" : scale === "passRate" ? "Pass rate" : "Score"}
            </th>
            <th>95% CI</th>
            <th className="num">n</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.runId}>
              <td>{r.runName}</td>
              <td className="num">
                <strong>{fmt(r.score)}</strong>
              </td>
              <td>
                {r.score != null && <CiBar score={r.score} ci={r.ci} domain={domain} />}
                <div className="faint small mono">
                  {r.ci ? `${fmt(r.ci[0])} – ${fmt(r.ci[1])}` : ""}
                </div>
              </td>
              <td className="num mono small">{r.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
