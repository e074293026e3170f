"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "@/app/_components/error-view";
import { useToast } from "@/app/_components/toast";
import { useTRPC } from "@/app/_trpc/client";

/** Evaluates again a run whose evaluation failed for good (runs.evaluate, as REST and the CLI). */
export function RetryEvaluationButton({ runId, small }: { runId: string; small?: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const retry = useMutation(
    trpc.runs.evaluate.mutationOptions({
      onSuccess: () => {
        toast.ok("The evaluation is queued again.");
        return Promise.all([
          qc.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
          qc.invalidateQueries({ queryKey: trpc.gates.pathKey() }),
        ]);
      },
      onError: (e) => toast.error(`Couldn't retry the evaluation: ${errorMessage(e)}`),
    }),
  );
  return (
    <button
      type="button"
      className={small ? "btn btn-sm" : "btn"}
      disabled={retry.isPending}
      title="Generate and score this run's outputs again"
      onClick={() => retry.mutate({ runId })}
    >
      {retry.isPending ? "Queuing…" : small ? "Retry" : "Retry evaluation"}
    </button>
  );
}
