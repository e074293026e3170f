import Link from "next/link";
import { api, getContext, HydrateClient, load, prefetch, trpc } from "@/app/_trpc/server";
import { isEditor } from "@/core/roles";
import { CampaignView } from "../_components/campaign-view";

export const metadata = { title: "Review campaign" };

export default async function CampaignPage({
  params,
}: {
  params: Promise<{ id: string; campaignId: string }>;
}) {
  const { id, campaignId } = await params;
  const caller = await load(api);
  const ctx = await getContext();
  const experiment = await load(() => caller.experiments.get({ experimentId: id }));
  prefetch(trpc.reviews.get.queryOptions({ campaignId }));
  prefetch(trpc.reviews.results.queryOptions({ campaignId }));
  return (
    <HydrateClient>
      <div className="crumbs">
        <Link href="/">Experiments</Link> /{" "}
        <Link href={`/experiments/${id}`}>{experiment.name}</Link> /{" "}
        <Link href={`/experiments/${id}/reviews`}>Human review</Link>
      </div>
      <CampaignView campaignId={campaignId} canManage={isEditor(ctx.role)} />
    </HydrateClient>
  );
}
