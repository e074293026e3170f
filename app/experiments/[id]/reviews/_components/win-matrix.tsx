import { fmtPercent } from "@/app/_components/format";
import type { RouterOutputs } from "@/app/_trpc/types";

type Matrix = RouterOutputs["reviews"]["results"]["winMatrix"];

/** Red (loses) through white (even) to green (wins); empty cells are pairs never compared. */
export function heat(rate: number): string {
  const t = Math.max(-1, Math.min(1, (rate - 0.5) * 2));
  const [r, g, b] =
    t >= 0
      ? [255 - 125 * t, 255 - 50 * t, 255 - 130 * t]
      : [255 + 10 * t, 255 + 140 * t, 255 + 140 * t];
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

export function WinMatrix({ matrix }: { matrix: Matrix }) {
  const { runIds, names, wins, n } = matrix;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="win-matrix" style={{ width: "auto" }}>
        <thead>
          <tr>
            <th>Row beats column</th>
            {runIds.map((id, j) => (
              <th key={id} className="num">
                {names[j]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runIds.map((rowId, i) => (
            <tr key={rowId}>
              <th scope="row" style={{ textTransform: "none", background: "var(--surface)" }}>
                {names[i]}
              </th>
              {runIds.map((colId, j) => {
                const total = n[i]?.[j] ?? 0;
                const w = wins[i]?.[j] ?? 0;
                if (i === j)
                  return (
                    <td key={colId} className="faint" style={{ textAlign: "center" }}>
                      —
                    </td>
                  );
                if (!total)
                  return (
                    <td key={colId} className="faint small" style={{ textAlign: "center" }}>
                      no votes
                    </td>
                  );
                const rate = w / total;
                return (
                  <td
                    key={colId}
                    className="num"
                    data-testid="win-cell"
                    style={{ background: heat(rate), textAlign: "center" }}
                    title={`${w} of ${total} votes`}
                  >
                    <strong>{fmtPercent(rate, 0)}</strong>
                    <div className="faint small mono">n={total}</div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
