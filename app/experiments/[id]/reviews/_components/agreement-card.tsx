import { fmtNumber, fmtPercent } from "@/app/_components/format";
import { Badge, Card, type Tone } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_trpc/types";
import type { ReviewMode } from "@/core/enums";

type Results = RouterOutputs["reviews"]["results"];

const METRIC: Record<string, string> = {
  krippendorff_alpha: "Krippendorff's α",
  cohen_kappa: "Cohen's κ",
  fleiss_kappa: "Fleiss' κ",
};
type Reading = NonNullable<Results["agreement"][number]["reading"]>;
// The cut-offs are evals/ agreementReading's (Krippendorff 2004), which the server applies.
const READING: Record<Reading, { tone: Tone; text: string }> = {
  reliable: { tone: "ok", text: "reliable (≥ 0.8)" },
  tentative: { tone: "warn", text: "tentative (≥ 0.667)" },
  unreliable: { tone: "err", text: "unreliable (< 0.667)" },
};

export function AgreementCard({
  agreement,
  positionBias,
  judgeAgreement,
  mode,
}: Pick<Results, "agreement" | "positionBias" | "judgeAgreement"> & {
  mode: ReviewMode;
}) {
  return (
    <div className="grid-3" data-testid="agreement">
      <Card
        title="Agreement between reviewers"
        description="Chance-corrected; needs items judged by two people or more."
      >
        {agreement.length === 0 ? (
          <span className="faint">No item has two votes yet.</span>
        ) : (
          <div className="stack" style={{ gap: 8 }}>
            {agreement.map((a) => {
              const reading = a.reading;
              return (
                <div
                  key={`${a.metric}-${a.subject}`}
                  className="spread"
                  data-testid="agreement-row"
                >
                  <span>
                    {METRIC[a.metric] ?? a.metric}
                    {a.subject && a.subject !== "choice" ? (
                      <span className="faint"> · {a.subject}</span>
                    ) : null}
                  </span>
                  <span className="row">
                    <strong className="mono">{fmtNumber(a.value, 2)}</strong>
                    {reading ? (
                      <Badge tone={READING[reading].tone} plain>
                        {READING[reading].text}
                      </Badge>
                    ) : (
                      <Badge plain>not enough data</Badge>
                    )}
                    <span className="faint small">n={a.n}</span>
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </Card>
      {mode === "pairwise" && (
        <Card
          title="Position bias"
          description="How often the output shown as A wins among decided votes; about 50% is unbiased."
        >
          {positionBias && positionBias.n > 0 && positionBias.aWinRate != null ? (
            <div className="stack" style={{ gap: 4 }} data-testid="position-bias">
              <div className="stat-value">{fmtPercent(positionBias.aWinRate, 0)}</div>
              <span className="muted small">
                A won {fmtPercent(positionBias.aWinRate, 0)} of {positionBias.n} decided votes; p ={" "}
                {fmtNumber(positionBias.pValue, 3)}
                {positionBias.pValue != null && positionBias.pValue < 0.05 ? (
                  <>
                    {" "}
                    <Badge tone="warn" plain>
                      side matters
                    </Badge>
                  </>
                ) : (
                  " (no evidence of bias)"
                )}
              </span>
            </div>
          ) : (
            <span className="faint">No decided votes yet.</span>
          )}
        </Card>
      )}
      <Card
        title="Humans vs automatic judge"
        description="Do people and the automatic metric prefer the same outputs?"
      >
        {judgeAgreement ? (
          <div className="stack" style={{ gap: 4 }} data-testid="judge-agreement">
            <div className="stat-value">{fmtNumber(judgeAgreement.value, 2)}</div>
            <span className="muted small">
              {METRIC[judgeAgreement.metric] ?? judgeAgreement.metric} over {judgeAgreement.n}{" "}
              comparisons
            </span>
          </div>
        ) : (
          <span className="faint">No automatic judgement to compare with yet.</span>
        )}
      </Card>
    </div>
  );
}
