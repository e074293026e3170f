import { fmtNumber } from "@/app/_components/format";
import { Badge } from "@/app/_components/ui";
import type { JudgeCalibration } from "@/server/schemas/judges";

/** The warning a judge's scores carry wherever they appear (leaderboard column and note, run and
 *  compare pages' verdicts): its κ against the human majority is below 0.4, or not computable. */
export function KappaWarning({
  calibration,
}: {
  calibration: JudgeCalibration | null | undefined;
}) {
  if (!calibration?.warning) return null;
  const kappa = calibration.kappa == null ? null : fmtNumber(calibration.kappa, 2);
  return (
    <Badge
      tone="warn"
      title={`Cohen's κ against the human majority is ${kappa ?? "undefined"} on ${calibration.n} items: below 0.4, people often disagree with this judge`}
    >
      κ {kappa ?? "n/a"} · low agreement
    </Badge>
  );
}
