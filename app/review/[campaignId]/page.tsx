import { api, load } from "@/app/_trpc/server";
import { ReviewWork } from "../_components/review-work";

export const metadata = { title: "Review" };

/** The work page. Its URL carries the campaign id only: which item, output or run is on screen is
 *  never in the address, and the item itself is fetched after load (it claims a reservation). */
export default async function ReviewWorkPage({
  params,
}: {
  params: Promise<{ campaignId: string }>;
}) {
  const { campaignId } = await params;
  const caller = await load(api);
  // The name comes from the caller's own campaign list, so an unassigned campaign shows nothing of itself.
  const mine = await load(() => caller.reviews.list({}));
  const campaign = mine.find((c) => c.id === campaignId);
  return <ReviewWork campaignId={campaignId} campaignName={campaign?.name ?? "Review"} />;
}
