import { fmtNumber } from "@/app/_components/format";
import { Badge } from "@/app/_components/ui";
import type { JudgeBoardEntry, JudgeCalibrationOut } from "@/server/schemas/judge-board";

/** Pairwise judges on the leaderboard: per judge version, each run's win rate against its
 *  reference run (tie = ½, 95% bootstrap CI) and the judge's Bradley–Terry rating; below the table,
 *  each judge's biases and its agreement with people, with a warning when κ is below 0.4. */

const pct = (v: number | null | undefined) => (v == null ? "—" : `${fmtNumber(v * 100, 0)}%`);
const label = (j: JudgeBoardEntry) => `${j.judgeName} v${j.version}`;

/** The warning a judge's scores carry wherever they appear: people disagree with it. */
export function KappaWarning({ calibration }: { calibration: JudgeCalibrationOut | null }) {
  if (!calibration?.warning) return null;
  return (
    <Badge
      tone="warn"
      title={`Cohen's κ against the human majority is ${calibration.kappa == null ? "undefined" : fmtNumber(calibration.kappa, 2)} on ${calibration.n} items: below 0.4, people often disagree with this judge`}
    >
      κ {calibration.kappa == null ? "n/a" : fmtNumber(calibration.kappa, 2)} · low agreement
    </Badge>
  );
}

export function JudgeHead({ judges }: { judges: JudgeBoardEntry[] }) {
  return judges.map((j) => (
    <th key={`${j.judgeId}:${j.version}`} className="num" data-judge-head={j.judgeName}>
      <span title="Pairwise win rate against the reference run (ties count half)">
        {label(j)} win rate
      </span>{" "}
      <KappaWarning calibration={j.calibration} />
      <div className="faint small">BT rating</div>
    </th>
  ));
}

export function JudgeCells({ judges, runId }: { judges: JudgeBoardEntry[]; runId: string }) {
  return judges.map((j) => {
    const w = j.runs.find((r) => r.runId === runId);
    const bt = j.ratings.find((r) => r.runId === runId);
    return (
      <td key={`${j.judgeId}:${j.version}`} className="num" data-testid="judge-cell">
        {w?.winRate != null ? (
          <>
            <strong data-testid="judge-win-rate">{pct(w.winRate)}</strong>
            {w.ci && (
              <div className="faint small mono">
                {pct(w.ci[0])} – {pct(w.ci[1])}
              </div>
            )}
          </>
        ) : (
          <span className="faint">{w ? "—" : ""}</span>
        )}
        {bt && <div className="small mono">BT {fmtNumber(bt.rating, 0)}</div>}
        {w && w.unparsed > 0 && <div className="faint small">{w.unparsed} unparsed</div>}
      </td>
    );
  });
}

/** One line a judge: what its verdicts are worth, before anyone ranks runs by them. */
export function JudgeNotes({ judges }: { judges: JudgeBoardEntry[] }) {
  if (!judges.length) return null;
  return (
    <ul className="faint small" style={{ padding: "0 14px 8px 30px", margin: 0 }}>
      {judges.map((j) => {
        const b = j.bias;
        const p = (v: number | null) => (v == null ? "" : ` (p = ${fmtNumber(v, 3)})`);
        return (
          <li key={`${j.judgeId}:${j.version}`} data-testid="judge-note">
            <strong>{label(j)}</strong>: flip rate {pct(b.flipRate)} over {b.pairs} pairs; first
            slot wins {pct(b.firstSlot.share)}
            {p(b.firstSlot.p)}; longer answer wins {pct(b.longerWins.share)}
            {p(b.longerWins.p)}
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
        );
      })}
    </ul>
  );
}
