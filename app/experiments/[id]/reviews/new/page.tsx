import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/app/_components/ui";
import { experimentById, titled } from "@/app/_trpc/page-data";
import { getContext, load } from "@/app/_trpc/server";
import { isEditor } from "@/core/roles";
import { NewCampaignForm } from "../_components/new-campaign-form";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return titled(async () => `New review campaign · ${(await experimentById(id)).name}`);
}

export default async function NewCampaignPage({ params }: Props) {
  const { id } = await params;
  const ctx = await getContext();
  const experiment = await load(() => experimentById(id));
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
