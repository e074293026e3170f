"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { Alert } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import type { JudgeOut, TrySample } from "@/server/schemas/judges";
import { TryResult } from "./try-result";
import { STARTER_SAMPLES, trySample } from "./try-samples";

type Field = keyof TrySample;
const FIELDS: Record<"single" | "pairwise", { key: Field; label: string }[]> = {
  single: [
    { key: "question", label: "Question" },
    { key: "answer", label: "Answer" },
    { key: "reference", label: "Reference (optional)" },
  ],
  pairwise: [
    { key: "question", label: "Question" },
    { key: "answerA", label: "Answer A" },
    { key: "answerB", label: "Answer B" },
    { key: "reference", label: "Reference (optional)" },
  ],
};

/** "Try on 3 samples": what the judge was sent, what it answered and how that was read. */
export function JudgeTry({ judge }: { judge: JudgeOut }) {
  const trpc = useTRPC();
  const mode = judge.current.mode;
  const [samples, setSamples] = useState(STARTER_SAMPLES);
  const run = useMutation(trpc.judges.try.mutationOptions());
  const edit = (i: number, key: Field, value: string) =>
    setSamples((ss) => ss.map((s, j) => (j === i ? { ...s, [key]: value } : s)));

  return (
    <form
      className="stack"
      aria-label={`Try ${judge.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        run.mutate({ judgeId: judge.id, samples: samples.map((s) => trySample(s, mode)) });
      }}
    >
      <div className="grid-3">
        {samples.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the three samples are fixed slots
          <fieldset key={i} className="stack" style={{ gap: 6, border: 0, padding: 0, margin: 0 }}>
            <legend className="label">Sample {i + 1}</legend>
            {FIELDS[mode].map((f) => (
              <div key={f.key} className="field">
                <label htmlFor={`try-${i}-${f.key}`}>{f.label}</label>
                <textarea
                  id={`try-${i}-${f.key}`}
                  className="textarea"
                  rows={2}
                  value={s[f.key]}
                  onChange={(e) => edit(i, f.key, e.target.value)}
                />
              </div>
            ))}
          </fieldset>
        ))}
      </div>
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={run.isPending}>
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
