import { fmtNumber } from "@/app/_components/format";
import { KappaWarning } from "@/app/_components/kappa-warning";
import { Badge } from "@/app/_components/ui";
import { judgeKey } from "@/app/_components/use-judge-calibrations";
import type { RouterOutputs } from "@/app/_trpc/types";

/** Pairwise judges on the leaderboard, as its refresh stored them (leaderboard.get's `judges` and
 *  each row's `judges`): per judge version, each run's win rate against its reference run (tie =
 *  ½, 95% bootstrap CI) and the judge's Bradley–Terry rating; below the table, each judge's biases
 *  and its agreement with people, with a warning when κ is below 0.4. */

type Board = RouterOutputs["leaderboard"]["get"];
type Row = Board["rows"][number];
type Judge = Board["judges"][number];

const pct = (v: number | null | undefined) => (v == null ? "—" : `${fmtNumber(v * 100, 0)}%`);
const label = (j: Judge) => `${j.name} v${j.version}`;

function UpdatingBadge({ board }: { board: Board }) {
  if (!board.judgesUpdating) return null;
  return (
    <Badge
      tone="neutral"
      plain
      title="New verdicts or votes: the judge columns are being refreshed"
    >
      updating…
    </Badge>
  );
}

export function JudgeHead({ board }: { board: Board }) {
  return board.judges.map((j) => (
    <th key={judgeKey(j)} className="num" data-judge-head={j.name}>
      <span title="Pairwise win rate against the reference run (ties count half)">
        {label(j)} win rate
      </span>{" "}
      <KappaWarning calibration={j.calibration} />
      <UpdatingBadge board={board} />
      <div className="faint small">BT rating</div>
      {j.unparsed > 0 && <div className="faint small">{j.unparsed} unparsed</div>}
    </th>
  ));
}

export function JudgeCells({ board, row }: { board: Board; row: Row }) {
  return board.judges.map((j) => {
    const cell = row.judges.find((c) => c.judgeId === j.judgeId);
    return (
      <td key={judgeKey(j)} className="num" data-testid="judge-cell">
        {cell?.winRate != null ? (
          <>
            <strong data-testid="judge-win-rate">{pct(cell.winRate)}</strong>
            {cell.ci && (
              <div className="faint small mono">
                {pct(cell.ci[0])} – {pct(cell.ci[1])}
              </div>
            )}
          </>
        ) : (
          <span className="faint">{row.runId === j.againstRunId ? "reference" : ""}</span>
        )}
        {cell?.rating != null && <div className="small mono">BT {fmtNumber(cell.rating, 0)}</div>}
      </td>
    );
  });
}

/** One line a judge: what its verdicts are worth, before anyone ranks runs by them. */
export function JudgeNotes({ board }: { board: Board }) {
  if (!board.judges.length) return null;
  const p = (v: number | null) => (v == null ? "" : ` (p = ${fmtNumber(v, 3)})`);
  return (
    <ul className="faint small" style={{ padding: "0 14px 8px 30px", margin: 0 }}>
      {board.judges.map((j) => (
        <li key={judgeKey(j)} data-testid="judge-note">
          <strong>{label(j)}</strong>: flip rate {pct(j.flipRate)} over {j.pairs} pairs; first slot
          wins {pct(j.firstSlot.share)}
          {p(j.firstSlot.p)}; longer answer wins {pct(j.longerWins.share)}
          {p(j.longerWins.p)}
          {j.unparsed > 0 && `; ${j.unparsed} unparsed games left out`}
          {j.calibration ? (
            <>
              ; agreement with people {pct(j.calibration.agreement)}, κ ={" "}
              {fmtNumber(j.calibration.kappa, 2)} on {j.calibration.n} items{" "}
              <KappaWarning calibration={j.calibration} />
            </>
          ) : (
            "; not yet checked against people (no review campaign on the same pairs)"
          )}
          .
        </li>
      ))}
    </ul>
  );
}
