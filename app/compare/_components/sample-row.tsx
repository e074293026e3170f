import { fmtNumber } from "@/app/_components/format";
import { SampleVerdicts } from "@/app/_components/sample-verdicts";
import { Badge } from "@/app/_components/ui";
import { WordDiff, wordDiffSides } from "@/app/_components/word-diff";
import type { CompareSampleRow } from "@/server/schemas/compare";
import type { JudgeCalibration, RunVerdictOut } from "@/server/schemas/judges";

// compare.samples gives the human pairwise verdict from A's side (server/services/compare/review-verdicts.ts).
const VERDICT: Record<string, { label: string; tone: "ok" | "err" | "warn" | "neutral" | "info" }> =
  {
    a_better: { label: "reviewers prefer A", tone: "info" },
    b_better: { label: "reviewers prefer B", tone: "info" },
    tie: { label: "reviewers: tie", tone: "neutral" },
    both_bad: { label: "reviewers: both bad", tone: "warn" },
    split: { label: "reviewers split", tone: "neutral" },
  };

/** One aligned sample: the input and reference once, then A's and B's outputs with the words
 *  that differ marked on each side. Everything is rendered as text (model output is untrusted). */
export function SampleRow({
  row,
  a,
  b,
  verdicts,
  calibrations,
}: {
  row: CompareSampleRow;
  a: string;
  b: string;
  /** Each run's judge verdicts on this sample. */
  verdicts: { a?: RunVerdictOut[]; b?: RunVerdictOut[] };
  /** Each run's judges' stored agreement with people, for the low-agreement warning. */
  calibrations: { a: Map<string, JudgeCalibration>; b: Map<string, JudgeCalibration> };
}) {
  const oa = row.outputs.find((o) => o.runId === a);
  const ob = row.outputs.find((o) => o.runId === b);
  const d = wordDiffSides(oa?.output ?? "", ob?.output ?? "");
  const delta = row.delta;
  const tone =
    delta == null || delta === 0 ? "var(--text-3)" : delta < 0 ? "var(--err)" : "var(--ok)";
  const v = row.review
    ? (VERDICT[row.review.verdict] ?? {
        label: `reviewers: ${row.review.verdict}`,
        tone: "neutral" as const,
      })
    : null;
  return (
    <div
      data-testid="sample-row"
      data-idx={row.idx}
      data-delta={delta ?? ""}
      style={{ borderTop: "1px solid var(--border)", padding: "12px 14px" }}
    >
      <div className="spread" style={{ marginBottom: 8 }}>
        <div className="row" style={{ gap: 8 }}>
          <span className="faint small mono">#{row.idx + 1}</span>
          <span
            className="mono small"
            style={{ color: tone, fontWeight: 600 }}
            data-testid="sample-delta"
          >
            Δ {delta == null ? "—" : `${delta > 0 ? "+" : ""}${fmtNumber(delta, 1)}`}
          </span>
          {v && (
            <Badge tone={v.tone} title={`${row.review!.votes} votes`}>
              {v.label} ({row.review!.votes})
            </Badge>
          )}
        </div>
        <span className="faint small mono">
          A {fmtNumber(oa?.score, 1)} · B {fmtNumber(ob?.score, 1)}
        </span>
      </div>
      <div className="grid-2" style={{ gap: 12 }}>
        <div>
          <div className="label small faint">Input</div>
          <div className="sample-text" data-testid="sample-prompt" style={{ maxWidth: "none" }}>
            {row.prompt}
          </div>
        </div>
        <div>
          <div className="label small faint">Reference</div>
          <div className="sample-text" style={{ maxWidth: "none" }}>
            {row.reference}
          </div>
        </div>
        <div>
          <div className="label small">A</div>
          <WordDiff segments={d.a} side="removed" />
          <SampleVerdicts verdicts={verdicts.a} calibrations={calibrations.a} />
        </div>
        <div>
          <div className="label small">B</div>
          <WordDiff segments={d.b} side="added" />
          <SampleVerdicts verdicts={verdicts.b} calibrations={calibrations.b} />
        </div>
      </div>
    </div>
  );
}
