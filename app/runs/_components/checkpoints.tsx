"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useConfirm } from "@/app/_components/confirm-dialog";
import { ErrorView, errorMessage } from "@/app/_components/error-view";
import { fmtNumber } from "@/app/_components/format";
import { useToast } from "@/app/_components/toast";
import { Badge, Card, LoadingCard } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import { metricLabel } from "@/app/experiments/_components/metrics";
import { CheckpointChart } from "./checkpoint-chart";

/** Intermediate checkpoints of a run: evaluate any of them on the run's eval split, see the eval
 *  score against step, and promote the best as the run's result (its adapter and scores). */
export function Checkpoints({ runId, canEdit }: { runId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery({
    ...trpc.checkpoints.list.queryOptions({ runId }),
    refetchInterval: (s) =>
      s.state.data?.checkpoints.some(
        (c) => c.evaluation && ["queued", "running"].includes(c.evaluation.status),
      )
        ? 2000
        : false,
  });
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: trpc.checkpoints.list.queryKey({ runId }) }),
      qc.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
    ]);
  const confirm = useConfirm();
  const toast = useToast();
  const onError = (e: Parameters<typeof errorMessage>[0]) => toast.error(errorMessage(e));
  const evaluate = useMutation(
    trpc.checkpoints.evaluate.mutationOptions({ onSuccess: refresh, onError }),
  );
  const promote = useMutation(
    trpc.checkpoints.promote.mutationOptions({ onSuccess: refresh, onError }),
  );
  if (q.error)
    return (
      <Card title="Checkpoints">
        <ErrorView error={q.error} />
      </Card>
    );
  if (!q.data) return <LoadingCard rows={2} />;
  const { primaryMetric, checkpoints } = q.data;
  if (checkpoints.length === 0) return null;
  const scoreOf = (c: (typeof checkpoints)[number]) => c.scores?.[primaryMetric];
  const points = checkpoints
    .filter((c) => scoreOf(c) != null)
    .map((c) => ({ step: c.step, score: scoreOf(c)!.score, ci: scoreOf(c)!.ci, isBest: c.isBest }));
  const best = checkpoints.find((c) => c.isBest);
  const busy = evaluate.isPending || promote.isPending;
  const askPromote = async (step: number) => {
    const ok = await confirm({
      title: `Use step ${step} as this run's result?`,
      body: "Its adapter and scores replace the run's on the leaderboard.",
      confirmLabel: `Promote step ${step}`,
    });
    if (ok) promote.mutate({ runId, step });
  };
  return (
    <Card
      title="Checkpoints"
      description={`${metricLabel(primaryMetric)} of each evaluated checkpoint, 95% CI as bars.`}
      id="checkpoints"
      actions={
        canEdit && best && !best.isPromoted ? (
          <button
            type="button"
            className="btn btn-sm btn-primary"
            disabled={busy}
            onClick={() => askPromote(best.step)}
          >
            Promote best (step {best.step})
          </button>
        ) : undefined
      }
    >
      <div className="stack">
        <CheckpointChart points={points} metric={metricLabel(primaryMetric)} />
        <div className="table-wrap">
          <table className="table" data-testid="checkpoints-table">
            <thead>
              <tr>
                <th className="num">Step</th>
                <th>Kind</th>
                <th className="num">{metricLabel(primaryMetric)}</th>
                <th>95% CI</th>
                <th>State</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {checkpoints.map((c) => {
                const s = scoreOf(c);
                const st = c.evaluation?.status;
                return (
                  <tr
                    key={`${c.kind}-${c.step}`}
                    className={c.isBest ? "highlight" : undefined}
                    data-testid="checkpoint-row"
                    data-step={c.step}
                  >
                    <td className="num mono">{c.step}</td>
                    <td className="small">
                      {c.kind === "final" ? "final adapter" : "checkpoint"}
                      {!c.available && <span className="faint"> · deleted</span>}
                    </td>
                    <td className="num">
                      <strong>{fmtNumber(s?.score, 1)}</strong>
                    </td>
                    <td className="mono small faint">
                      {s?.ci ? `${fmtNumber(s.ci[0], 1)} – ${fmtNumber(s.ci[1], 1)}` : ""}
                    </td>
                    <td className="row" style={{ gap: 4 }}>
                      {c.isBest && (
                        <Badge tone="ok" plain>
                          best
                        </Badge>
                      )}
                      {c.isPromoted && <Badge tone="accent">promoted</Badge>}
                      {st === "queued" || st === "running" ? (
                        <Badge tone="info" live>
                          evaluating
                        </Badge>
                      ) : st === "failed" ? (
                        <Badge tone="err" title={c.evaluation?.error ?? undefined}>
                          failed
                        </Badge>
                      ) : null}
                    </td>
                    <td className="num">
                      {canEdit &&
                        c.kind === "checkpoint" &&
                        c.available &&
                        !c.evaluated &&
                        st !== "queued" &&
                        st !== "running" && (
                          <button
                            type="button"
                            className="btn btn-sm"
                            disabled={busy}
                            onClick={() => evaluate.mutate({ runId, step: c.step })}
                          >
                            {st === "failed" ? "Retry" : "Evaluate"}
                          </button>
                        )}
                      {canEdit && c.evaluated && !c.isPromoted && (
                        <button
                          type="button"
                          className="btn btn-sm"
                          disabled={busy}
                          onClick={() => askPromote(c.step)}
                        >
                          Promote
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </Card>
  );
}
