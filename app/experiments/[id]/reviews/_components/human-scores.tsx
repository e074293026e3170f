import type { RouterOutputs } from "@/app/_trpc/types";
import { fmtNumber, fmtPercent } from "@/app/_components/format";
import { CiBar } from "@/app/experiments/_components/ci-bar";

type Row = RouterOutputs["reviews"]["results"]["perRun"][number];

export function HumanScores({ rows, mode }: { rows: Row[]; mode: "pairwise" | "rubric" }) {
  const sorted = [...rows].sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity));
  // Pairwise: win rates in [0, 1]; rubric: the 1–5 scale. A fixed domain keeps bars honest.
  const domain: [number, number] = mode === "pairwise" ? [0, 1] : [1, 5];
  const fmt = (v: number | null | undefined) => (mode === "pairwise" ? fmtPercent(v, 0) : fmtNumber(v, 2));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="human-scores">
        <thead><tr><th>Run</th><th className="num">{mode === "pairwise" ? "Win rate" : "Score"}</th><th>95% CI</th><th className="num">n</th></tr></thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.runId}>
              <td>{r.runName}</td>
              <td className="num"><strong>{fmt(r.score)}</strong></td>
              <td>
                {r.score != null && <CiBar score={r.score} ci={r.ci} domain={domain} />}
                <div className="faint small mono">{r.ci ? `${fmt(r.ci[0])} – ${fmt(r.ci[1])}` : ""}</div>
              </td>
              <td className="num mono small">{r.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
