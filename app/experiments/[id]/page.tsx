import type { Metadata } from "next";
import Link from "next/link";
import { fmtRelative } from "@/app/_components/format";
import { Alert, Badge, PageHeader } from "@/app/_components/ui";
import { experimentById, titled } from "@/app/_trpc/page-data";
import { getContext, HydrateClient, load, prefetch, trpc } from "@/app/_trpc/server";
import { ExperimentSummary } from "@/app/experiments/_components/experiment-summary";
import { ExperimentView } from "@/app/experiments/_components/experiment-view";
import { DEFAULT_VIEW, liveInput, pageInput } from "@/app/experiments/_components/runs-table-model";
import { SetEvaluationForm } from "@/app/experiments/_components/set-evaluation-form-lazy";
import { isEditor } from "@/core/roles";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return titled(async () => (await experimentById(id)).name);
}

export default async function ExperimentPage({ params }: Props) {
  const { id } = await params;
  const experiment = await load(() => experimentById(id));
  const ctx = await getContext();
  // The leaderboard (stored values, read in tens of ms), the runs table's first page and the
  // unfinished runs are awaited, in parallel, before the HTML is rendered: its rows are then in
  // the HTML (first rows ≈ the HTML's end) instead of streaming in after it to be rendered by the
  // browser during hydration. The curves below them are fetched once scrolled near, not in front
  // of a sort clicked at hydration (bench/scale).
  await Promise.all([
    prefetch(trpc.leaderboard.get.queryOptions({ experimentId: id })),
    prefetch(trpc.runs.table.queryOptions(pageInput(id, DEFAULT_VIEW, 0))),
    prefetch(trpc.runs.table.queryOptions(liveInput(id))),
  ]);
  return (
    <HydrateClient>
      <PageHeader
        crumbs={<Link href="/">Experiments</Link>}
        title={experiment.name}
        description={
          <>
            Created {fmtRelative(experiment.createdAt)} · <Badge plain>{experiment.backend}</Badge>
          </>
        }
      />
      <div className="stack">
        {(experiment.baseModel === null || experiment.datasetVersionId === null) && (
          <Alert tone="warn" title="Runs logged from MLflow, not evaluated yet">
            <p>
              This experiment was created by an MLflow client: its runs are tracked with live
              curves, but it has no {experiment.baseModel === null ? "base model" : "dataset"}, so
              they cannot be evaluated or ranked against a baseline.
              {isEditor(ctx.role)
                ? " Set them here: the baseline (the base model alone) is evaluated, then each run once its adapter or model folder is attached on its page."
                : " A member or admin can set them."}
            </p>
            {isEditor(ctx.role) && <SetEvaluationForm experimentId={id} />}
          </Alert>
        )}
        <ExperimentSummary experiment={experiment} />
        <ExperimentView experimentId={id} canEdit={isEditor(ctx.role)} />
      </div>
    </HydrateClient>
  );
}
