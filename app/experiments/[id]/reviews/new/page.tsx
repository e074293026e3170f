import Link from "next/link";
import { PageHeader } from "@/app/_components/ui";
import { api, getContext, load } from "@/app/_trpc/server";
import { isEditor } from "@/core/roles";
import { NewCampaignForm } from "../_components/new-campaign-form";

export const metadata = { title: "New review campaign" };

export default async function NewCampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await load(api);
  const ctx = await getContext();
  const experiment = await load(() => caller.experiments.get({ experimentId: id }));
  return (
    <>
      <PageHeader
        crumbs={
          <>
            <Link href="/">Experiments</Link> /{" "}
            <Link href={`/experiments/${id}`}>{experiment.name}</Link> /{" "}
            <Link href={`/experiments/${id}/reviews`}>Human review</Link>
          </>
        }
        title="New review campaign"
      />
      <NewCampaignForm experimentId={id} canManage={isEditor(ctx.role)} />
    </>
  );
}
