"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useConfirm } from "@/app/_components/confirm-dialog";
import { errorMessage } from "@/app/_components/error-view";
import { useToast } from "@/app/_components/toast";
import { useTRPC } from "@/app/_trpc/client";

export function CancelRunButton({ runId, small }: { runId: string; small?: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
      onError: (e) => toast.error(`Couldn't cancel the run: ${errorMessage(e)}`),
    }),
  );
  return (
    <button
      type="button"
      className={small ? "btn btn-sm btn-danger" : "btn btn-danger"}
      disabled={cancel.isPending}
      onClick={async () => {
        const ok = await confirm({
          title: "Cancel this run?",
          body: "Training stops after the current step and keeps its last checkpoint.",
          confirmLabel: "Cancel the run",
          cancelLabel: "Keep training",
          danger: true,
        });
        if (ok) cancel.mutate({ runId });
      }}
    >
      {cancel.isPending ? "Cancelling…" : "Cancel"}
    </button>
  );
}
