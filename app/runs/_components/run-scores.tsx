import { fmtNumber } from "@/app/_components/format";
import { Alert, Stat } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_trpc/types";
import { metricLabel } from "@/app/experiments/_components/metrics";

type Evaluation = RouterOutputs["runs"]["get"]["evaluation"];

/** The run's evaluation: one tile per metric with its 95% CI. Hidden until there is one. */
export function RunScores({ evaluation: ev }: { evaluation: Evaluation }) {
  if (!ev) return null;
  if (ev.status === "failed")
    return <Alert title="Evaluation failed">{ev.error ?? "No reason was recorded."}</Alert>;
  const entries = Object.entries(ev.scores ?? {});
  if (entries.length === 0) return null;
  return (
    <div className="grid-4" data-testid="run-scores">
      {entries.map(([m, s]) => (
        <Stat
          key={m}
          label={metricLabel(m)}
          value={fmtNumber(s.score, 1)}
          hint={`${
            s.ci
              ? `95% CI ${fmtNumber(s.ci[0], 1)} – ${fmtNumber(s.ci[1], 1)} · ${ev.sampleCount} samples`
              : `${ev.sampleCount} samples`
          }${customHint(s)}`}
        />
      ))}
    </div>
  );
}

/** A custom scorer's failed samples and the hash of the code that scored (from its signature). */
function customHint(s: { errors?: number; signature?: string }) {
  if (s.errors === undefined) return "";
  const sha = s.signature?.match(/sha256:([0-9a-f]{12})/)?.[1];
  return ` · ${s.errors} failed${sha ? ` · sha256 ${sha}…` : ""}`;
}
