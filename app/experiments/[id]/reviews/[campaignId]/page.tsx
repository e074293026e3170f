import type { Metadata } from "next";
import Link from "next/link";
import { campaignById, experimentById, titled } from "@/app/_trpc/page-data";
import { getContext, HydrateClient, load, prefetch, trpc } from "@/app/_trpc/server";
import { isEditor } from "@/core/roles";
import { CampaignView } from "../_components/campaign-view";

type Props = { params: Promise<{ id: string; campaignId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { campaignId } = await params;
  return titled(async () => `${(await campaignById(campaignId)).name} · Human review`);
}

export default async function CampaignPage({ params }: Props) {
  const { id, campaignId } = await params;
  const ctx = await getContext();
  const experiment = await load(() => experimentById(id));
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
