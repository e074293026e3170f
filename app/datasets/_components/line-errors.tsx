import type { LineError } from "@/app/_components/error-view";

/** The validator's findings, one row per offending line, so a person can go straight to it. */
export function LineErrors({ errors, more }: { errors: LineError[]; more: number }) {
  return (
    <div className="alert err" role="alert" data-testid="line-errors">
      <div className="alert-title">
        The file was refused: {errors.length + more} problem{errors.length + more === 1 ? "" : "s"}{" "}
        found. Nothing was stored.
      </div>
      <div className="table-wrap" style={{ marginTop: 8, background: "#fff", borderRadius: 6 }}>
        <table className="table">
          <thead>
            <tr>
              <th>File</th>
              <th className="num">Line</th>
              <th>Field</th>
              <th>Problem</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: findings have no id and never move
              <tr key={i}>
                <td>{e.file ?? "train"}</td>
                <td className="num mono">{e.line}</td>
                <td className="mono small">{e.field || "—"}</td>
                <td>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more > 0 && (
        <div className="small" style={{ marginTop: 6 }}>
          …and {more} more not shown.
        </div>
      )}
    </div>
  );
}
