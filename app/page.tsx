import Link from "next/link";
import { redirect } from "next/navigation";
import { fmtRelative } from "@/app/_components/format";
import { ModelName } from "@/app/_components/model-name";
import { Card, EmptyState, PageHeader } from "@/app/_components/ui";
import { api, getContext, load } from "@/app/_trpc/server";
import { METRICS } from "@/app/experiments/_components/metrics";
import { RunCounts } from "@/app/experiments/_components/run-counts";
import { isEditor } from "@/core/roles";

export const metadata = { title: "Experiments" };

export default async function ExperimentsPage() {
  const { role } = await getContext();
  // A reviewer's work is their review queue; experiments stay readable under /experiments.
  if (role === "reviewer") redirect("/review");
  const caller = await api();
  const experiments = await load(() => caller.experiments.list());
  const canCreate = isEditor(role);
  return (
    <>
      <PageHeader
        title="Experiments"
        description="Each experiment trains one run per grid point, evaluates every run and ranks them."
        actions={
          canCreate ? (
            <Link className="btn btn-primary" href="/experiments/new">
              New experiment
            </Link>
          ) : undefined
        }
      />
      <Card flush>
        {experiments.length === 0 ? (
          <EmptyState
            title="No experiments yet"
            action={
              canCreate ? (
                <Link className="btn btn-primary" href="/experiments/new">
                  Create your first experiment
                </Link>
              ) : undefined
            }
          >
            {canCreate
              ? "Upload a dataset, pick a base model and a hyperparameter grid, and Tunebench trains, evaluates and ranks every run."
              : "Experiments that members create appear here; your reviewer role can read them."}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Base model</th>
                  <th className="num">Runs</th>
                  <th>Status</th>
                  <th>Primary metric</th>
                  <th className="num">Best</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {experiments.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link href={`/experiments/${e.id}`}>
                        <strong>{e.name}</strong>
                      </Link>
                    </td>
                    <td>
                      <ModelName value={e.baseModel} className="mono small" />
                    </td>
                    <td className="num">{e.runCount}</td>
                    <td>
                      <RunCounts counts={e.runsByStatus} />
                    </td>
                    <td>
                      {METRICS.find((m) => m.key === e.evalSuite.primaryMetric)?.label ??
                        e.evalSuite.primaryMetric}
                    </td>
                    <td className="num">
                      {e.best ? (
                        <span
                          title={`${e.best.runName}${e.best.baseline === null ? "" : `; base model ${e.best.baseline.toFixed(1)}`}`}
                        >
                          <strong>{e.best.score.toFixed(1)}</strong>
                          {e.best.baseline !== null && (
                            <span className="muted small"> vs {e.best.baseline.toFixed(1)}</span>
                          )}
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="muted">{fmtRelative(e.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
