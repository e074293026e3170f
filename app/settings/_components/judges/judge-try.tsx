"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { Segmented } from "@/app/_components/form-controls";
import { Alert } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import type { JudgeOut } from "@/server/schemas/judges";
import { TryResult } from "./try-result";
import { TryRunPicker, type TryRuns } from "./try-run-picker";
import { STARTER_SAMPLES, trySample } from "./try-samples";
import { TypedSamples } from "./typed-samples";

/** "Try on 3 samples", typed in or taken from evaluated runs: what the judge was sent, what it
 *  answered and how that was read. */
export function JudgeTry({ judge }: { judge: JudgeOut }) {
  const trpc = useTRPC();
  const mode = judge.current.mode;
  const [samples, setSamples] = useState(STARTER_SAMPLES);
  const [source, setSource] = useState<"typed" | "run">("typed");
  const [runs, setRuns] = useState<TryRuns>({ runId: "", againstRunId: "" });
  const run = useMutation(trpc.judges.try.mutationOptions());
  const unpicked = source === "run" && (!runs.runId || (mode === "pairwise" && !runs.againstRunId));

  return (
    <form
      className="stack"
      aria-label={`Try ${judge.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        run.mutate(
          source === "run"
            ? {
                judgeId: judge.id,
                runId: runs.runId,
                ...(mode === "pairwise" ? { againstRunId: runs.againstRunId } : {}),
              }
            : { judgeId: judge.id, samples: samples.map((s) => trySample(s, mode)) },
        );
      }}
    >
      <div className="field">
        <span className="label">Samples</span>
        <Segmented
          label="Samples"
          value={source}
          options={[
            { value: "typed", label: "Typed in" },
            { value: "run", label: mode === "pairwise" ? "From two runs" : "From a run" },
          ]}
          onChange={setSource}
        />
      </div>
      {source === "run" ? (
        <TryRunPicker mode={mode} value={runs} onChange={setRuns} />
      ) : (
        <TypedSamples mode={mode} samples={samples} onChange={setSamples} />
      )}
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={run.isPending || unpicked}>
          {run.isPending ? "Judging…" : `Try version ${judge.current.version} on 3 samples`}
        </button>
        <span className="hint">
          Answers are cached: trying the same samples again costs nothing.
        </span>
      </div>
      {run.error && <ErrorView error={run.error} title="The judge could not be tried" />}
      {run.data && (
        <div className="stack" data-testid="try-results">
          {run.data.costUsd !== null && run.data.costUsd > 0 && (
            <Alert tone="info" title="Cost">
              ${run.data.costUsd.toFixed(4)} for the calls that were not cached.
            </Alert>
          )}
          {run.data.samples.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: results follow the samples' order
            <TryResult key={i} index={i} mode={run.data.mode} result={r} />
          ))}
        </div>
      )}
    </form>
  );
}
