import { JudgeGame, verdictText } from "@/app/_components/judge-game";
import { KappaWarning } from "@/app/_components/kappa-warning";
import { Badge } from "@/app/_components/ui";
import { combineOrders } from "@/evals/judges/swap";
import type { PairwiseChoice } from "@/evals/judges/verdict";
import type { JudgeCalibration, RunVerdictOut } from "@/server/schemas/judges";
import { judgeKey } from "./use-judge-calibrations";

/** A run's verdicts by sample index (judges.verdicts returns them ordered by sample). */
export function verdictsBySample(rows: RunVerdictOut[] | undefined): Map<number, RunVerdictOut[]> {
  const out = new Map<number, RunVerdictOut[]>();
  for (const r of rows ?? []) out.set(r.sampleIdx, [...(out.get(r.sampleIdx) ?? []), r]);
  return out;
}

const OUTCOME = { x: "wins", y: "loses", tie: "tie" } as const;

/** The line a judge's verdicts on one sample collapse to: a rating, or the run's outcome against
 *  the reference run after both orders (a flip is a tie). */
function summary(games: RunVerdictOut[]): string {
  const first = games[0]!;
  if (first.mode === "single")
    return first.status === "unparsed" ? "unparsed" : verdictText(first.verdict);
  const choice = (g: number) => {
    const v = games.find((x) => x.game === g);
    return v?.status === "parsed" ? (v.verdict as PairwiseChoice) : null;
  };
  const pair = combineOrders(choice(1), choice(2));
  if (!pair) return "unparsed";
  return `${OUTCOME[pair.winner]}${pair.flipped ? " (flipped with the order)" : ""}`;
}

/** Each judge's verdicts on one sample, collapsed: the summary line (with the low-agreement
 *  warning of a judge people disagree with), then every call's verdict and rationale (both orders
 *  for a pairwise judge; "unparsed" with the raw answer). */
export function SampleVerdicts({
  verdicts,
  calibrations,
}: {
  verdicts: RunVerdictOut[] | undefined;
  /** By judgeKey: the stored agreement with people (useJudgeCalibrations). */
  calibrations: Map<string, JudgeCalibration>;
}) {
  if (!verdicts?.length) return null;
  const groups = new Map<string, RunVerdictOut[]>();
  for (const v of verdicts) {
    const key = `${v.judgeId}:${v.version}:${v.againstRunId ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  return (
    <div className="stack" style={{ gap: 4 }} data-testid="sample-verdicts">
      {[...groups.entries()].map(([key, games]) => {
        const line = summary(games);
        return (
          <details key={key}>
            <summary className="small">
              <strong>{games[0]!.judgeName}</strong>{" "}
              <span className="muted">v{games[0]!.version}</span>{" "}
              {line === "unparsed" ? <Badge tone="warn">unparsed</Badge> : line}{" "}
              <KappaWarning calibration={calibrations.get(judgeKey(games[0]!))} />
            </summary>
            <div className="stack" style={{ gap: 6, marginTop: 6 }}>
              {games.map((g) => (
                <JudgeGame key={g.game} game={g} first="this run" />
              ))}
            </div>
          </details>
        );
      })}
    </div>
  );
}
