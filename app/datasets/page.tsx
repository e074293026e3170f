import { fmtInt, fmtRelative, shortHash } from "@/app/_components/format";
import { Badge, Card, EmptyState, PageHeader } from "@/app/_components/ui";
import { api, getContext, load } from "@/app/_trpc/server";
import type { DatasetFormat } from "@/core/enums";
import { isEditor } from "@/core/roles";
import { DatasetUploadCard } from "./_components/dataset-upload-card";
import { LengthStats } from "./_components/length-stats";

export const metadata = { title: "Datasets" };

export default async function DatasetsPage() {
  const caller = await api();
  const datasets = await load(() => caller.datasets.list());
  const { role } = await getContext();
  return (
    <div className="stack">
      <PageHeader
        title="Datasets"
        description="Validated, immutable versions addressed by their content hash."
      />
      {isEditor(role) && <DatasetUploadCard />}
      <Card title="All datasets" flush>
        {datasets.length === 0 ? (
          <EmptyState title="No datasets yet">
            Upload a JSONL file above; every line is checked before anything is stored.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Format</th>
                  <th className="num">Train</th>
                  <th className="num">Eval</th>
                  <th>Lengths (chars, median / p95)</th>
                  <th>Version</th>
                  <th>Uploaded</th>
                </tr>
              </thead>
              <tbody>
                {datasets.flatMap((d) => {
                  const v = d.versions[0];
                  if (!v) return [];
                  return [
                    <tr key={d.id} data-testid="dataset-row">
                      <td>
                        <strong>{d.name}</strong>
                        {d.versions.length > 1 && (
                          <span className="faint small"> · {d.versions.length} versions</span>
                        )}
                      </td>
                      <td>
                        <Badge plain>{FORMAT_LABELS[v.format]}</Badge>
                        {v.source && (
                          <span className="faint small">
                            {" "}
                            · from {v.source.type === "judge" ? "a judge" : "a review campaign"}
                          </span>
                        )}
                      </td>
                      <td className="num">{fmtInt(v.trainCount)}</td>
                      <td className="num">{fmtInt(v.evalCount)}</td>
                      <td>
                        <LengthStats stats={v.stats} />
                      </td>
                      <td className="mono small" title={v.contentHash}>
                        {shortHash(v.contentHash)}
                      </td>
                      <td className="muted">{fmtRelative(v.createdAt)}</td>
                    </tr>,
                  ];
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

const FORMAT_LABELS: Record<DatasetFormat, string> = {
  chat: "chat",
  prompt_completion: "prompt/completion",
  preference: "preference pairs",
};
