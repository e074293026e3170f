import Link from "next/link";
import { api, getContext, HydrateClient, load, prefetch, trpc } from "@/app/_trpc/server";
import { fmtRelative } from "@/app/_components/format";
import { Badge, PageHeader } from "@/app/_components/ui";
import { ExperimentView } from "@/app/experiments/_components/experiment-view";
import { ExperimentSummary } from "@/app/experiments/_components/experiment-summary";
import { DEFAULT_VIEW, pageInput } from "@/app/experiments/_components/runs-table-model";

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await api();
  const experiment = await load(() => caller.experiments.get({ experimentId: id }));
  const ctx = await getContext();
  prefetch(trpc.runs.table.queryOptions(pageInput(id, DEFAULT_VIEW, 0)));
  prefetch(trpc.leaderboard.get.queryOptions({ experimentId: id }));
  return (
    <HydrateClient>
      <PageHeader
        crumbs={<Link href="/">Experiments</Link>}
        title={experiment.name}
        description={<>Created {fmtRelative(experiment.createdAt)} · <Badge plain>{experiment.backend}</Badge></>}
      />
      <div className="stack">
        <ExperimentSummary experiment={experiment} />
        <ExperimentView experimentId={id} canEdit={ctx.role === "admin" || ctx.role === "member"} />
      </div>
    </HydrateClient>
  );
}
