"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { fmtNumber } from "@/app/_components/format";
import { SampleVerdicts, verdictsBySample } from "@/app/_components/sample-verdicts";
import { isLive } from "@/app/_components/status-badge";
import { Card, EmptyState, LoadingCard } from "@/app/_components/ui";
import { useJudgeCalibrations } from "@/app/_components/use-judge-calibrations";
import { useTRPC } from "@/app/_trpc/client";

type Order = "index" | "worst" | "best";

/** Per-sample outputs next to their references, with each metric's sentence score; sorting by
 *  worst first is how people find what the model still gets wrong. */
export function RunSamples({
  runId,
  status,
  primaryMetric,
}: {
  runId: string;
  status: string;
  primaryMetric: string;
}) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.runs.samples.queryOptions({ runId }),
    refetchInterval: isLive(status) ? 4000 : false,
  });
  const judged = useQuery({
    ...trpc.judges.verdicts.queryOptions({ runId }),
    refetchInterval: isLive(status) ? 4000 : false,
  });
  const verdicts = useMemo(() => verdictsBySample(judged.data), [judged.data]);
  const calibrations = useJudgeCalibrations(runId);
  const [order, setOrder] = useState<Order>("index");
  const samples = q.data?.samples;
  const sorted = useMemo(() => {
    const s = [...(samples ?? [])];
    const score = (x: (typeof s)[number]) => x.scores[primaryMetric] ?? 0;
    if (order === "worst") s.sort((a, b) => score(a) - score(b));
    if (order === "best") s.sort((a, b) => score(b) - score(a));
    return s;
  }, [samples, order, primaryMetric]);
  // A custom scorer's column exists though the first samples may have failed it.
  const metrics = useMemo(
    () => [
      ...new Set(
        (samples ?? []).flatMap((s) => [
          ...Object.keys(s.scores),
          ...Object.keys(s.scoreErrors ?? {}),
        ]),
      ),
    ],
    [samples],
  );
  return (
    <Card
      title="Evaluation samples"
      description={samples?.length ? `${samples.length} samples from the eval split` : undefined}
      flush
      actions={
        samples?.length ? (
          <fieldset className="segmented" aria-label="Sort samples">
            {(["index", "worst", "best"] as const).map((o) => (
              <button key={o} type="button" aria-pressed={order === o} onClick={() => setOrder(o)}>
                {o === "index" ? "In order" : o === "worst" ? "Worst first" : "Best first"}
              </button>
            ))}
          </fieldset>
        ) : undefined
      }
    >
      {q.isPending ? (
        <LoadingCard rows={3} />
      ) : !samples?.length ? (
        <EmptyState title="No outputs yet">
          {isLive(status)
            ? "Outputs appear here once the evaluation has run."
            : "This run was not evaluated."}
        </EmptyState>
      ) : (
        <div className="table-wrap" style={{ maxHeight: 640, overflowY: "auto" }}>
          <table className="table" data-testid="samples-table">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Prompt</th>
                <th>Reference</th>
                <th>Output</th>
                {metrics.map((m) => (
                  <th key={m} className="num">
                    {m}
                  </th>
                ))}
                {verdicts.size > 0 && <th>Judges</th>}
              </tr>
            </thead>
            <tbody>
              {sorted.map((s) => (
                <tr key={s.idx}>
                  <td className="num faint">{s.idx + 1}</td>
                  <td>
                    <div className="sample-text">{s.prompt}</div>
                  </td>
                  <td>
                    <div className="sample-text">{s.reference}</div>
                  </td>
                  <td>
                    <div
                      className="sample-text"
                      style={{ color: s.output === s.reference ? "var(--ok)" : undefined }}
                    >
                      {s.output || <span className="faint">(empty)</span>}
                    </div>
                  </td>
                  {metrics.map((m) => (
                    <td key={m} className="num mono small">
                      {s.scoreErrors?.[m] !== undefined ? (
                        <span style={{ color: "var(--err)" }} title={s.scoreErrors[m]}>
                          error
                        </span>
                      ) : (
                        fmtNumber(s.scores[m], 1)
                      )}
                    </td>
                  ))}
                  {verdicts.size > 0 && (
                    <td style={{ minWidth: 220 }}>
                      <SampleVerdicts verdicts={verdicts.get(s.idx)} calibrations={calibrations} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
