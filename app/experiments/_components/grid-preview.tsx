import { Spinner } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_trpc/types";
import { Hyperparams } from "./hyperparams";

type Preview = RouterOutputs["experiments"]["previewGrid"];

/** The runs the grid will create, shown before anything is created. */
export function GridPreview({
  data,
  loading,
  error,
}: {
  data: Preview | undefined;
  loading: boolean;
  error: string | null;
}) {
  if (error) return <div className="alert err">{error}</div>;
  if (loading || !data)
    return (
      <div className="muted small row">
        {loading && <Spinner />} Preview appears when every axis has valid values.
      </div>
    );
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="grid-preview">
      <div data-testid="run-count">
        <strong>
          {data.count} run{data.count === 1 ? "" : "s"}
        </strong>{" "}
        <span className="muted">+ 1 baseline (base model, no adapter)</span>
      </div>
      {data.points.length > 0 && (
        <div className="table-wrap card" style={{ maxHeight: 220, overflowY: "auto" }}>
          <table className="table">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Run</th>
                <th>Hyperparameters</th>
              </tr>
            </thead>
            <tbody>
              {data.points.slice(0, 100).map((p) => (
                <tr key={p.index}>
                  <td className="num faint">{p.index}</td>
                  <td>{p.name}</td>
                  <td>
                    <Hyperparams value={p.hyperparams} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
