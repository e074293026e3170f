import Link from "next/link";
import { Alert, PageHeader } from "@/app/_components/ui";
import { api, HydrateClient, prefetch, trpc } from "@/app/_trpc/server";
import { parseCompareParams } from "./_components/compare-params";
import { CompareView } from "./_components/compare-view";

export const metadata = { title: "Compare runs" };

// /compare?runs=a,b,c&baseline=a — config diff, metrics with CIs and paired significance against
// the baseline, and per-sample outputs of two runs side by side.
export default async function ComparePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await api(); // signs an anonymous visitor in first
  const parsed = parseCompareParams(await searchParams);
  if ("error" in parsed) {
    return (
      <div className="stack">
        <PageHeader crumbs={<Link href="/">Experiments</Link>} title="Compare runs" />
        <Alert tone="warn" title="Nothing to compare">
          {parsed.error} Select runs in an experiment&apos;s runs table and press Compare.
        </Alert>
      </div>
    );
  }
  prefetch(
    trpc.compare.get.queryOptions({ runIds: parsed.runIds, baselineRunId: parsed.baseline }),
  );
  return (
    <HydrateClient>
      <CompareView runIds={parsed.runIds} baseline={parsed.baseline} against={parsed.against} />
    </HydrateClient>
  );
}
