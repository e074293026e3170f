"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ErrorView } from "@/app/_components/error-view";
import { StatusBadge } from "@/app/_components/status-badge";
import { Card, LoadingCard, PageHeader } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import { CompareMetrics } from "./compare-metrics";
import { compareUrl } from "./compare-params";
import { ConfigDiff } from "./config-diff";
import { SampleDiff } from "./sample-diff";

export function CompareView({
  runIds,
  baseline,
  against,
}: {
  runIds: string[];
  baseline: string;
  against: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const q = useQuery(trpc.compare.get.queryOptions({ runIds, baselineRunId: baseline }));
  const go = (p: { baseline?: string; against?: string }) => {
    const b = p.baseline ?? baseline;
    const a =
      p.against && p.against !== b
        ? p.against
        : against !== b
          ? against
          : runIds.find((id) => id !== b)!;
    router.replace(compareUrl({ runIds, baseline: b, against: a }), { scroll: false });
  };
  const header = (
    <PageHeader
      crumbs={<Link href="/">Experiments</Link>}
      title="Compare runs"
      description={`${runIds.length} runs; deltas and significance are against the baseline.`}
    />
  );
  if (q.error)
    return (
      <div className="stack">
        {header}
        <ErrorView error={q.error} />
      </div>
    );
  if (!q.data)
    return (
      <div className="stack">
        {header}
        <LoadingCard rows={5} />
      </div>
    );
  const data = q.data;
  const name = (id: string) => {
    const r = data.runs.find((x) => x.id === id);
    return r ? (r.isBaseline ? "Baseline (no adapter)" : r.name) : id;
  };
  return (
    <div className="stack">
      {header}
      <Card title="Runs" flush>
        <div className="table-wrap">
          <table className="table" data-testid="compare-runs">
            <thead>
              <tr>
                <th>Run</th>
                <th>Status</th>
                <th>Role</th>
              </tr>
            </thead>
            <tbody>
              {data.runs.map((r) => (
                <tr key={r.id} className={r.id === data.baselineRunId ? "baseline" : undefined}>
                  <td>
                    <Link href={`/runs/${r.id}`}>{name(r.id)}</Link>
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>
                    {r.id === data.baselineRunId ? (
                      <span className="badge accent plain">baseline</span>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-sm"
                        onClick={() => go({ baseline: r.id })}
                      >
                        Use as baseline
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card
        title="Metrics"
        description={`Corpus scores with 95% bootstrap CIs; Δ and p from a paired test on the same items against ${name(data.baselineRunId)}.`}
        flush
      >
        <CompareMetrics data={data} name={name} />
      </Card>
      <Card title="Configuration" flush>
        <ConfigDiff data={data} name={name} />
      </Card>
      <Card
        title="Per-sample outputs"
        id="samples"
        description="Two runs side by side, aligned by input; Δ = B − A on the chosen metric, so negative is a regression of B."
        actions={
          runIds.length > 2 ? (
            <label className="row small" style={{ gap: 6 }}>
              B =
              <select
                className="select"
                style={{ width: 200, height: 28 }}
                aria-label="Run B"
                value={against}
                onChange={(e) => go({ against: e.target.value })}
              >
                {runIds
                  .filter((id) => id !== baseline)
                  .map((id) => (
                    <option key={id} value={id}>
                      {name(id)}
                    </option>
                  ))}
              </select>
            </label>
          ) : undefined
        }
        flush
      >
        <SampleDiff
          a={baseline}
          b={against}
          nameA={name(baseline)}
          nameB={name(against)}
          primaryMetric={data.primaryMetric}
        />
      </Card>
    </div>
  );
}
