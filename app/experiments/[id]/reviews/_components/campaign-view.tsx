"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorView } from "@/app/_components/error-view";
import { fmtRelative } from "@/app/_components/format";
import { Markdown } from "@/app/_components/markdown";
import {
  Alert,
  Badge,
  Card,
  LoadingCard,
  PageHeader,
  ProgressBar,
  Stat,
} from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import { CampaignReviewers } from "./campaign-reviewers";
import { CloseCampaignButton } from "./close-campaign-button";
import { JudgeCalibrationCard } from "./judge-calibration-card";
import { PreferenceDatasetCard } from "./preference-dataset-card";
import { ReviewResults } from "./review-results";

// Votes arrive while people work; a light poll keeps progress and results current (until closed).
const POLL_MS = 5000;

export function CampaignView({
  campaignId,
  canManage,
}: {
  campaignId: string;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const campaign = useQuery({
    ...trpc.reviews.get.queryOptions({ campaignId }),
    refetchInterval: (q) => (q.state.data?.status === "closed" ? false : POLL_MS),
  });
  if (campaign.error) return <ErrorView error={campaign.error} />;
  if (!campaign.data) return <LoadingCard rows={6} />;
  const c = campaign.data;
  const progress = c.progress;
  const guidelines = c.settings.guidelines;
  const closed = c.status === "closed";
  return (
    <div className="stack">
      <PageHeader
        title={c.name}
        description={
          <>
            {closed && (
              <>
                <Badge tone="warn" plain>
                  closed
                </Badge>{" "}
              </>
            )}
            <Badge plain>{c.mode === "pairwise" ? "blind pairwise" : "rubric"}</Badge> ·{" "}
            {c.runs.map((r) => r.name).join(", ")}
          </>
        }
        actions={
          <>
            {c.canClose && <CloseCampaignButton campaignId={campaignId} />}
            <a
              className="btn btn-sm"
              href={`/api/reviews/${campaignId}/export?format=csv`}
              download
            >
              Export CSV
            </a>
            <a
              className="btn btn-sm"
              href={`/api/reviews/${campaignId}/export?format=json`}
              download
            >
              Export JSON
            </a>
          </>
        }
      />
      {closed && (
        <Alert tone="info" title="Closed: the results are final">
          Closed {c.closedAt ? fmtRelative(c.closedAt) : ""}. Reviewers can no longer vote or take
          items; what was voted before is all there is.
        </Alert>
      )}
      <div className="grid-4">
        <Stat
          label="Progress"
          value={
            <span data-testid="campaign-progress">
              {progress.done} / {progress.total}
            </span>
          }
          hint={
            <ProgressBar
              value={progress.total ? progress.done / progress.total : 0}
              label="Campaign progress"
            />
          }
        />
        <Stat
          label="Items"
          value={c.items}
          hint={`${c.reviewersPerItem} reviewer${c.reviewersPerItem === 1 ? "" : "s"} per item`}
        />
        <Stat label="Reviewers" value={c.reviewers.length} />
        <Stat
          label="Reservation"
          value={`${Math.round(c.reservationSeconds / 60)} min`}
          hint="before an open item returns to the pool"
        />
      </div>
      <CampaignReviewers
        campaignId={campaignId}
        reviewers={c.reviewers}
        canManage={canManage && !closed}
      />
      <ReviewResults
        campaignId={campaignId}
        mode={c.mode}
        hasCriteria={(c.settings.rubric?.criteria.length ?? 0) > 0}
      />
      {c.mode === "pairwise" && <JudgeCalibrationCard campaignId={campaignId} runs={c.runs} />}
      {canManage && c.mode === "pairwise" && <PreferenceDatasetCard campaignId={campaignId} />}
      <Card title="Guidelines">
        <Markdown text={guidelines || "_No guidelines._"} />
      </Card>
    </div>
  );
}
