"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConfirm } from "@/app/_components/confirm-dialog";
import { ErrorView } from "@/app/_components/error-view";
import { Card, ProgressBar } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import type { RouterOutputs } from "@/app/_trpc/types";
import { ReviewerPicker } from "./reviewer-picker";

type Reviewer = RouterOutputs["reviews"]["get"]["reviewers"][number];

/** Progress per reviewer, and adding or removing people. Removing keeps the votes already cast. */
export function CampaignReviewers({
  campaignId,
  reviewers,
  canManage,
}: {
  campaignId: string;
  reviewers: Reviewer[];
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const [adding, setAdding] = useState<string[]>([]);
  const refresh = () =>
    qc.invalidateQueries({ queryKey: trpc.reviews.get.queryKey({ campaignId }) });
  const set = useMutation(
    trpc.reviews.setReviewers.mutationOptions({
      onSuccess: () => {
        setAdding([]);
        return refresh();
      },
    }),
  );
  return (
    <Card
      title="Reviewers"
      description="Each person's share of the work, judged out of what is open to them."
      flush
    >
      {reviewers.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="campaign-reviewers">
            <thead>
              <tr>
                <th>Reviewer</th>
                <th>Progress</th>
                <th className="num">Judged</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {reviewers.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.name || r.email} <span className="faint small">{r.email}</span>
                  </td>
                  <td style={{ width: 220 }}>
                    <ProgressBar
                      value={r.progress.total ? r.progress.done / r.progress.total : 0}
                      label={`Progress of ${r.email}`}
                    />
                  </td>
                  <td className="num mono small">
                    {r.progress.done} / {r.progress.total}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-sm btn-danger"
                      disabled={set.isPending}
                      onClick={async () => {
                        const ok = await confirm({
                          title: `Remove ${r.email} from this campaign?`,
                          body: "Their votes are kept; their open reservations go back to the pool.",
                          confirmLabel: "Remove",
                          danger: true,
                        });
                        if (ok) set.mutate({ campaignId, remove: [r.id] });
                      }}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div
        className="card-body stack"
        style={{ borderTop: reviewers.length ? "1px solid var(--border)" : undefined }}
      >
        <ReviewerPicker
          canManage={canManage}
          value={adding}
          onChange={setAdding}
          exclude={reviewers.map((r) => r.id)}
        />
        {canManage && (
          <div>
            <button
              type="button"
              className="btn btn-sm btn-primary"
              disabled={adding.length === 0 || set.isPending}
              onClick={() => set.mutate({ campaignId, add: adding })}
            >
              Add reviewers
            </button>
          </div>
        )}
        {set.error && <ErrorView error={set.error} />}
      </div>
    </Card>
  );
}
