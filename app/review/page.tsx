import { PageHeader } from "@/app/_components/ui";
import { api, HydrateClient, load, prefetch, trpc } from "@/app/_trpc/server";
import { CampaignQueue } from "./_components/campaign-queue";

export const metadata = { title: "Review" };

export default async function ReviewPage() {
  await load(api);
  prefetch(trpc.reviews.list.queryOptions({}));
  return (
    <HydrateClient>
      <PageHeader
        title="Review"
        description="Campaigns assigned to you. Open one and work through it from the keyboard."
      />
      <CampaignQueue />
    </HydrateClient>
  );
}
