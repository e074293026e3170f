"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorView } from "@/app/_components/error-view";
import { Badge, Card, EmptyState, LoadingCard, ProgressBar } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";

/** The reviewer's queue: their campaigns with their own progress first, the campaign's second. */
export function CampaignQueue() {
  const trpc = useTRPC();
  const list = useQuery(trpc.reviews.list.queryOptions({}));
  if (list.error) return <ErrorView error={list.error} />;
  if (!list.data) return <LoadingCard rows={3} />;
  if (list.data.length === 0) {
    return (
      <div className="card">
        <EmptyState title="Nothing to review yet">
          When someone assigns you to a review campaign, it appears here.
        </EmptyState>
      </div>
    );
  }
  return (
    <Card title="Your campaigns" flush>
      <div className="table-wrap">
        <table className="table" data-testid="review-campaigns">
          <thead>
            <tr>
              <th>Campaign</th>
              <th>Mode</th>
              <th>Your progress</th>
              <th>Campaign</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((c) => {
              const mineDone = c.mine && c.mine.total > 0 && c.mine.done >= c.mine.total;
              return (
                <tr key={c.id} data-testid="review-campaign-row">
                  <td>
                    <Link href={`/review/${c.id}`}>{c.name}</Link>
                  </td>
                  <td>
                    <Badge plain>{c.mode === "pairwise" ? "blind pairwise" : "rubric"}</Badge>
                  </td>
                  <td>
                    {c.mine ? (
                      <div className="row" style={{ flexWrap: "nowrap" }}>
                        <div style={{ width: 120 }}>
                          <ProgressBar
                            value={c.mine.total ? c.mine.done / c.mine.total : 0}
                            label={`Your progress in ${c.name}`}
                          />
                        </div>
                        <span className="mono small">
                          {c.mine.done} / {c.mine.total}
                        </span>
                      </div>
                    ) : (
                      <span className="faint small">not assigned</span>
                    )}
                  </td>
                  <td className="mono small">
                    {c.progress.done} / {c.progress.total}
                  </td>
                  <td>
                    {c.mine &&
                      (c.status === "closed" ? (
                        <Badge plain>closed</Badge>
                      ) : mineDone ? (
                        <Badge tone="ok" plain>
                          done
                        </Badge>
                      ) : (
                        <Link className="btn btn-sm btn-primary" href={`/review/${c.id}`}>
                          {c.mine.done ? "Continue" : "Start"}
                        </Link>
                      ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
