"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorView } from "@/app/_components/error-view";
import { Card, EmptyState, LoadingCard } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import type { ReviewMode } from "@/core/enums";
import { AgreementCard } from "./agreement-card";
import { HumanScores } from "./human-scores";
import { RatingsTable } from "./ratings-table";
import { WinMatrix } from "./win-matrix";

const POLL_MS = 10_000;

export function ReviewResults({
  campaignId,
  mode,
  hasCriteria,
}: {
  campaignId: string;
  mode: ReviewMode;
  hasCriteria: boolean;
}) {
  const trpc = useTRPC();
  const results = useQuery({
    ...trpc.reviews.results.queryOptions({ campaignId }),
    refetchInterval: POLL_MS,
  });
  if (results.error)
    return (
      <Card title="Results">
        <ErrorView error={results.error} />
      </Card>
    );
  if (!results.data) return <LoadingCard rows={4} />;
  const r = results.data;
  const anyVotes = r.perRun.some((p) => p.n > 0);
  if (!anyVotes)
    return (
      <Card title="Results">
        <EmptyState title="No votes yet">Results appear here as reviewers vote.</EmptyState>
      </Card>
    );
  return (
    <div className="stack" data-testid="review-results">
      <div className="grid-2">
        <Card
          title="Human score per run"
          description={
            mode === "pairwise"
              ? "Win rate in % (ties count half), with a 95% bootstrap interval."
              : hasCriteria
                ? "Mean rubric score (1–5), with a 95% bootstrap interval."
                : "Pass rate in %, with a 95% bootstrap interval."
          }
          flush
        >
          <HumanScores
            rows={r.perRun}
            scale={mode === "pairwise" ? "winRate" : hasCriteria ? "rubric" : "passRate"}
          />
        </Card>
        {mode === "pairwise" && (
          <Card
            title="Bradley–Terry ratings"
            description="Strength from every pairwise vote; 95% bootstrap intervals. Overlapping intervals: no clear order."
            flush
          >
            <RatingsTable rows={r.bradleyTerry} />
          </Card>
        )}
      </div>
      {r.winMatrix && r.winMatrix.runIds.length > 1 && (
        <Card
          title="Win rate, row against column"
          description="Share of decided votes the row's run won; the count below is every vote on that pair."
          flush
        >
          <WinMatrix matrix={r.winMatrix} />
        </Card>
      )}
      <AgreementCard
        agreement={r.agreement}
        positionBias={r.positionBias}
        judgeAgreement={r.judgeAgreement}
        mode={mode}
      />
    </div>
  );
}
