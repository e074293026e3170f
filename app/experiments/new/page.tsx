import Link from "next/link";
import { PageHeader } from "@/app/_components/ui";
import { api, load } from "@/app/_trpc/server";
import { NewExperimentForm } from "@/app/experiments/_components/new-experiment-form";

export const metadata = { title: "New experiment" };

export default async function NewExperimentPage() {
  await load(api);
  return (
    <>
      <PageHeader
        crumbs={<Link href="/">Experiments</Link>}
        title="New experiment"
        description="Dataset, base model, hyperparameter grid and eval suite. Tunebench trains and evaluates every run."
      />
      <NewExperimentForm defaultBaseModel={process.env.TUNEBENCH_DEFAULT_BASE_MODEL ?? ""} />
    </>
  );
}
