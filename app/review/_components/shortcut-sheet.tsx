"use client";

import { shortcuts } from "./review-keys";

/** The "?" sheet: every key the work page answers to, from the same table the reducer follows. */
export function ShortcutSheet({
  mode,
  passFail,
  onClose,
}: {
  mode: "pairwise" | "rubric";
  passFail: boolean;
  onClose: () => void;
}) {
  return (
    <div
      role="dialog"
      aria-label="Keyboard shortcuts"
      data-testid="shortcut-sheet"
      style={{
        position: "fixed",
        inset: 0,
        background: "rgba(16,24,40,0.35)",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        zIndex: 20,
      }}
      onClick={onClose}
    >
      <div
        className="card"
        style={{ width: 440, maxWidth: "92vw" }}
        onClick={(e) => e.stopPropagation()}
      >
        <div className="card-header">
          <h2>Keyboard shortcuts</h2>
          <button className="btn btn-sm" onClick={onClose}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
        <table className="table">
          <tbody>
            {shortcuts(mode, passFail).map((s) => (
              <tr key={s.keys}>
                <td style={{ width: 90 }}>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
