"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useConfirm } from "@/app/_components/confirm-dialog";
import { errorMessage } from "@/app/_components/error-view";
import { useToast } from "@/app/_components/toast";
import { useTRPC } from "@/app/_trpc/client";

/** Closes the campaign for good (its owner and admins; the server checks). */
export function CloseCampaignButton({ campaignId }: { campaignId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const close = useMutation(
    trpc.reviews.close.mutationOptions({
      onSuccess: () => {
        toast.ok("The campaign is closed; its results are final.");
        return qc.invalidateQueries({ queryKey: trpc.reviews.pathKey() });
      },
      onError: (e) => toast.error(`Couldn't close the campaign: ${errorMessage(e)}`),
    }),
  );
  return (
    <button
      type="button"
      className="btn btn-sm btn-danger"
      disabled={close.isPending}
      onClick={async () => {
        const ok = await confirm({
          title: "Close this campaign?",
          body: "Reviewers can no longer vote or take items, and the results become final. This cannot be undone.",
          confirmLabel: "Close campaign",
          danger: true,
        });
        if (ok) close.mutate({ campaignId });
      }}
    >
      Close campaign
    </button>
  );
}
