"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "@/app/_components/error-view";
import { useTRPC } from "@/app/_trpc/client";

export function CancelRunButton({ runId, small }: { runId: string; small?: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
      onError: (e) => window.alert(`Couldn't cancel the run: ${errorMessage(e)}`),
    }),
  );
  return (
    <button
      type="button"
      className={small ? "btn btn-sm btn-danger" : "btn btn-danger"}
      disabled={cancel.isPending}
      onClick={() => {
        if (window.confirm("Cancel this run? Training stops after the current step."))
          cancel.mutate({ runId });
      }}
    >
      {cancel.isPending ? "Cancelling…" : "Cancel"}
    </button>
  );
}
