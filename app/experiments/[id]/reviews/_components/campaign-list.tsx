"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorView } from "@/app/_components/error-view";
import { fmtRelative } from "@/app/_components/format";
import { Badge, Card, EmptyState, LoadingCard, ProgressBar } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";

export function CampaignList({ experimentId }: { experimentId: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.reviews.list.queryOptions({ experimentId }));
  if (list.error) return <ErrorView error={list.error} />;
  if (!list.data) return <LoadingCard rows={3} />;
  if (list.data.length === 0) {
    return (
      <div className="card">
        <EmptyState
          title="No review campaigns yet"
          action={
            <Link className="btn btn-primary" href={`/experiments/${experimentId}/reviews/new`}>
              New campaign
            </Link>
          }
        >
          Ask people which run is better, blind, or have them score outputs on a rubric. Their
          verdicts join the leaderboard.
        </EmptyState>
      </div>
    );
  }
  return (
    <Card title="Campaigns" flush>
      <div className="table-wrap">
        <table className="table" data-testid="campaign-list">
          <thead>
            <tr>
              <th>Campaign</th>
              <th>Mode</th>
              <th>Progress</th>
              <th className="num">Votes</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={`/experiments/${experimentId}/reviews/${c.id}`}>{c.name}</Link>
                  {c.status === "closed" && (
                    <>
                      {" "}
                      <Badge plain>closed</Badge>
                    </>
                  )}
                </td>
                <td>
                  <Badge plain>{c.mode === "pairwise" ? "blind pairwise" : "rubric"}</Badge>
                </td>
                <td style={{ width: 220 }}>
                  <ProgressBar
                    value={c.progress.total ? c.progress.done / c.progress.total : 0}
                    label={`Progress of ${c.name}`}
                  />
                </td>
                <td className="num mono small">
                  {c.progress.done} / {c.progress.total}
                </td>
                <td className="muted">{fmtRelative(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
