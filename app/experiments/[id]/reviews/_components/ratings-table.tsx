import { fmtNumber } from "@/app/_components/format";
import { Badge } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_trpc/types";
import { CiBar } from "@/app/experiments/_components/ci-bar";

type Row = RouterOutputs["reviews"]["results"]["bradleyTerry"][number];

/** Bradley–Terry ratings, ranked. A rank shared by runs whose intervals overlap would be honest
 *  too; the server assigns ranks, this view shows them with the intervals beside. */
export function RatingsTable({ rows }: { rows: Row[] }) {
  if (rows.length === 0)
    return <div className="card-body faint">Not enough decided votes for ratings yet.</div>;
  const sorted = [...rows].sort((a, b) => a.rank - b.rank);
  const lo = Math.min(...sorted.map((r) => r.ci?.[0] ?? r.rating));
  const hi = Math.max(...sorted.map((r) => r.ci?.[1] ?? r.rating));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="bt-ratings">
        <thead>
          <tr>
            <th className="num">Rank</th>
            <th>Run</th>
            <th className="num">Rating</th>
            <th>95% CI</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.runId} className={r.rank === 1 ? "highlight" : undefined}>
              <td className="num">
                {r.rank}
                {r.rank === 1 && (
                  <>
                    {" "}
                    <Badge tone="ok" plain>
                      top
                    </Badge>
                  </>
                )}
              </td>
              <td>{r.runName}</td>
              <td className="num">
                <strong>{fmtNumber(r.rating, 0)}</strong>
              </td>
              <td>
                <CiBar score={r.rating} ci={r.ci} domain={[lo, hi]} />
                <div className="faint small mono">
                  {r.ci ? `${fmtNumber(r.ci[0], 0)} – ${fmtNumber(r.ci[1], 0)}` : ""}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
