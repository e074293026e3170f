import Link from "next/link";
import { PageHeader } from "@/app/_components/ui";
import { api, getContext, HydrateClient, load, prefetch, trpc } from "@/app/_trpc/server";
import { RunView } from "@/app/runs/_components/run-view";
import { isEditor } from "@/core/roles";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await api();
  const run = await load(() => caller.runs.get({ runId: id }));
  const ctx = await getContext();
  prefetch(trpc.runs.get.queryOptions({ runId: id }));
  return (
    <HydrateClient>
      <PageHeader
        crumbs={
          <>
            <Link href="/">Experiments</Link> /{" "}
            <Link href={`/experiments/${run.experimentId}`}>{run.experiment.name}</Link>
          </>
        }
        title={run.isBaseline ? "Baseline (no adapter)" : run.name}
      />
      <RunView runId={id} canEdit={isEditor(ctx.role)} />
    </HydrateClient>
  );
}
