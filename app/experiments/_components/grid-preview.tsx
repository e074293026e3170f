import { fmtParam } from "@/app/_components/format";
import { Spinner } from "@/app/_components/ui";

type Preview = { count: number; points: Record<string, unknown>[] };

/** The runs the grid will create, shown before anything is created. */
export function GridPreview({ data, loading, error }: { data: Preview | undefined; loading: boolean; error: string | null }) {
  if (error) return <div className="alert err">{error}</div>;
  if (loading || !data) return <div className="muted small row">{loading && <Spinner />} Preview appears when every axis has valid values.</div>;
  const keys = Object.keys(data.points[0] ?? {});
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div data-testid="run-count"><strong>{data.count} run{data.count === 1 ? "" : "s"}</strong> <span className="muted">+ 1 baseline (base model, no adapter)</span></div>
      {data.points.length > 0 && (
        <div className="table-wrap card" style={{ maxHeight: 220, overflowY: "auto" }}>
          <table className="table">
            <thead><tr><th>#</th>{keys.map((k) => <th key={k}>{k}</th>)}</tr></thead>
            <tbody>
              {data.points.slice(0, 50).map((p, i) => (
                <tr key={i}><td className="faint">{i + 1}</td>{keys.map((k) => <td key={k} className="mono small">{fmtParam(p[k])}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
