import type { Metadata } from "next";
import { cache } from "react";
import { titled } from "@/app/_trpc/page-data";
import { api, load } from "@/app/_trpc/server";
import { ReviewWork } from "../_components/review-work";

type Props = { params: Promise<{ campaignId: string }> };

// The name comes from the caller's own campaign list, so an unassigned campaign shows nothing of itself.
const myCampaign = cache(async (campaignId: string) =>
  (await (await api()).reviews.list({})).find((c) => c.id === campaignId),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { campaignId } = await params;
  return titled(async () => `Review · ${(await myCampaign(campaignId))?.name ?? "campaign"}`);
}

/** The work page. Its URL carries the campaign id only: which item, output or run is on screen is
 *  never in the address, and the item itself is fetched after load (it claims a reservation). */
export default async function ReviewWorkPage({ params }: Props) {
  const { campaignId } = await params;
  const campaign = await load(() => myCampaign(campaignId));
  return <ReviewWork campaignId={campaignId} campaignName={campaign?.name ?? "Review"} />;
}
