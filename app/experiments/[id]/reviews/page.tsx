import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/app/_components/ui";
import { experimentById, titled } from "@/app/_trpc/page-data";
import { HydrateClient, load, prefetch, trpc } from "@/app/_trpc/server";
import { CampaignList } from "./_components/campaign-list";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return titled(async () => `Human review · ${(await experimentById(id)).name}`);
}

export default async function ExperimentReviewsPage({ params }: Props) {
  const { id } = await params;
  const experiment = await load(() => experimentById(id));
  prefetch(trpc.reviews.list.queryOptions({ experimentId: id }));
  return (
    <HydrateClient>
      <PageHeader
        crumbs={
          <>
            <Link href="/">Experiments</Link> /{" "}
            <Link href={`/experiments/${id}`}>{experiment.name}</Link>
          </>
        }
        title="Human review"
        description="Campaigns in which people judge this experiment's outputs, blind pairwise or on a rubric."
        actions={
          <Link className="btn btn-primary" href={`/experiments/${id}/reviews/new`}>
            New campaign
          </Link>
        }
      />
      <CampaignList experimentId={id} />
    </HydrateClient>
  );
}
