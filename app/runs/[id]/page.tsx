import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/app/_components/ui";
import { runById, runTitle, titled } from "@/app/_trpc/page-data";
import { getContext, HydrateClient, load, prefetch, trpc } from "@/app/_trpc/server";
import { RunView } from "@/app/runs/_components/run-view";
import { isEditor } from "@/core/roles";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return titled(async () => {
    const run = await runById(id);
    return `${runTitle(run)} · ${run.experiment.name}`;
  });
}

export default async function RunPage({ params }: Props) {
  const { id } = await params;
  const run = await load(() => runById(id));
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
        title={runTitle(run)}
      />
      <RunView runId={id} canEdit={isEditor(ctx.role)} />
    </HydrateClient>
  );
}
