import Link from "next/link";
import { PageHeader } from "@/app/_components/ui";
import { api, HydrateClient, load, prefetch, trpc } from "@/app/_trpc/server";
import { CampaignList } from "./_components/campaign-list";

export const metadata = { title: "Human review" };

export default async function ExperimentReviewsPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const caller = await load(api);
  const experiment = await load(() => caller.experiments.get({ experimentId: id }));
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
