"use client";

import { useQuery } from "@tanstack/react-query";
import { fmtNumber } from "@/app/_components/format";
import { Alert, Card } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import type { CampaignCalibrationOut } from "@/server/schemas/judges";

const LABELS = ["run wins", "reference wins", "tie"];
const pct = (v: number | null) => (v == null ? "—" : `${fmtNumber(v * 100, 0)}%`);

/** Each pairwise judge of the experiment against this campaign's people on the same (sample, pair
 *  of runs) (judges.calibration): agreement, Cohen's κ against the human majority, the confusion
 *  table and both win rates per run, with a warning when κ is below 0.4. */
export function JudgeCalibrationCard({
  campaignId,
  runs,
}: {
  campaignId: string;
  runs: { id: string; name: string }[];
}) {
  const trpc = useTRPC();
  const judged = useQuery(trpc.judges.calibration.queryOptions({ campaignId })).data ?? [];
  if (!judged.length) return null;
  const name = (id: string) => runs.find((r) => r.id === id)?.name ?? id.slice(0, 8);
  return (
    <Card
      title="LLM judges against people"
      description="Where a judge and this campaign's reviewers saw the same sample and pair of runs. A both-bad vote counts as a tie; a split vote is a tie."
    >
      <div className="stack">
        {judged.map((j) => (
          <JudgeCalibration key={`${j.judgeId}:${j.version}`} judge={j} name={name} />
        ))}
      </div>
    </Card>
  );
}

function JudgeCalibration({
  judge,
  name,
}: {
  judge: CampaignCalibrationOut[number];
  name: (id: string) => string;
}) {
  const c = judge.calibration;
  const title = `${judge.name} v${judge.version}`;
  return (
    <section className="stack" aria-label={`Calibration of ${title}`} data-testid="calibration">
      <h3 className="small">{title}</h3>
      <div className="row">
        <span>
          Agreement <strong>{pct(c.agreement)}</strong>
        </span>
        <span>
          Cohen&rsquo;s κ <strong>{fmtNumber(c.kappa, 2)}</strong>
          {c.band && <span className="muted"> ({c.band})</span>}
        </span>
        <span className="muted">{c.n} items</span>
      </div>
      {c.warning && (
        <Alert tone="warn" title="People often disagree with this judge">
          κ against the human majority is below 0.4: read its win rates and ratings with care.
        </Alert>
      )}
      <div className="grid-2">
        <table className="table small" aria-label={`${title}: human majority by judge verdict`}>
          <thead>
            <tr>
              <th>People \ judge</th>
              {LABELS.map((l) => (
                <th key={l} className="num">
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.confusion.map((row, i) => (
              <tr key={LABELS[i]}>
                <th scope="row">{LABELS[i]}</th>
                {row.map((v, k) => (
                  <td key={LABELS[k]} className="num mono">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <table
          className="table small"
          aria-label={`${title}: win rates by people and by the judge`}
        >
          <thead>
            <tr>
              <th>Run</th>
              <th className="num">People</th>
              <th className="num">Judge</th>
              <th className="num">Items</th>
            </tr>
          </thead>
          <tbody>
            {c.winRates.map((w) => (
              <tr key={w.runId}>
                <td>{name(w.runId)}</td>
                <td className="num mono">{pct(w.human)}</td>
                <td className="num mono">{pct(w.judge)}</td>
                <td className="num mono">{w.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
