"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorView } from "@/app/_components/error-view";
import { fmtDuration, fmtInt, fmtNumber } from "@/app/_components/format";
import { isLive, StatusBadge } from "@/app/_components/status-badge";
import { Alert, Card, LoadingCard, ProgressBar, Stat } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import { isDispatched, isTraining } from "@/core/run-status";
import { evaluationFailed } from "@/server/schemas/runs";
import { AttachOutput } from "./attach-output";
import { CancelRunButton } from "./cancel-run-button";
import { Checkpoints } from "./checkpoints";
import { ConfigList } from "./config-list";
import { RetryEvaluationButton } from "./retry-evaluation-button";
import { RunCurves } from "./run-curves";
import { RunLogs } from "./run-logs";
import { RunSamples } from "./run-samples";
import { RunScores } from "./run-scores";

const POLL_MS = 2000;
const fetching = (f: { status: string } | null | undefined) =>
  f?.status === "queued" || f?.status === "running";

export function RunView({ runId, canEdit }: { runId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.runs.get.queryOptions({ runId }),
    refetchInterval: (q) =>
      isLive(q.state.data?.status) || fetching(q.state.data?.outputFetch) ? POLL_MS : false,
  });
  if (q.error) return <ErrorView error={q.error} />;
  if (!q.data) return <LoadingCard />;
  const run = q.data;
  const live = isLive(run.status);
  const training = isDispatched(run.status);
  const frac = run.totalSteps ? (run.step ?? 0) / run.totalSteps : 0;
  return (
    <div className="stack">
      <div className="spread">
        <div className="row">
          <StatusBadge status={run.status} />
          {!run.isBaseline && run.totalSteps ? (
            <>
              <div style={{ width: 220 }}>
                <ProgressBar value={frac} label="Training progress" />
              </div>
              <span className="muted small mono">
                step {run.step ?? 0} of {run.totalSteps}
              </span>
            </>
          ) : null}
        </div>
        <div className="row">
          {run.artifacts.some((a) => a.kind === "adapter") && (
            <a className="btn" href={`/api/runs/${run.id}/artifact`} download>
              Download adapter
            </a>
          )}
          {canEdit && !run.isBaseline && isTraining(run.status) && (
            <CancelRunButton runId={run.id} />
          )}
        </div>
      </div>
      {run.error && (
        <Alert title={evaluationFailed(run) ? "The evaluation failed" : "The run failed"}>
          <div className="spread">
            <span>{run.error}</span>
            {canEdit && evaluationFailed(run) && <RetryEvaluationButton runId={run.id} />}
          </div>
        </Alert>
      )}
      {run.status === "queued" && run.queueReason && (
        <Alert tone="info" title="Waiting to start">
          {run.queueReason}
        </Alert>
      )}
      {!run.isBaseline && (
        <div className="grid-4">
          <Stat label="ETA" value={training ? fmtDuration(run.etaSeconds) : "—"} />
          <Stat
            label="Tokens / s"
            value={fmtNumber(run.tokensPerSecond, 0)}
            hint={run.tokensSeen ? `${fmtInt(run.tokensSeen)} tokens seen` : undefined}
          />
          <Stat label="Epoch" value={fmtNumber(run.epoch, 2)} />
          <Stat
            label="Device"
            value={run.device ?? "—"}
            hint={run.gpus?.length ? `GPU ${run.gpus.join(", ")}` : undefined}
          />
        </div>
      )}
      {canEdit &&
        run.external &&
        ((run.status === "succeeded" && !run.artifacts.some((a) => a.kind === "adapter")) ||
          evaluationFailed(run)) && <AttachOutput runId={run.id} fetch={run.outputFetch} />}
      <RunScores evaluation={run.evaluation} />
      {!run.isBaseline && <RunCurves runId={run.id} live={live} />}
      {!run.isBaseline && <Checkpoints runId={run.id} canEdit={canEdit} />}
      <div className="grid-2">
        <Card title="Configuration">
          <ConfigList hyperparams={run.hyperparams} spec={run.spec} />
        </Card>
        <Card title="Logs" flush>
          <RunLogs runId={run.id} live={live} />
        </Card>
      </div>
      <RunSamples
        runId={run.id}
        status={run.status}
        primaryMetric={run.experiment.evalSuite.primaryMetric}
      />
    </div>
  );
}
