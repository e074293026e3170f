"use client";

import type { ReviewMode } from "@/core/enums";
import { shortcuts } from "./review-keys";

/** The "?" sheet: every key the work page answers to, from the same table the reducer follows. */
export function ShortcutSheet({
  mode,
  passFail,
  onClose,
}: {
  mode: ReviewMode;
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
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        zIndex: 20,
      }}
    >
      {/* Clicking beside the sheet closes it; keyboards have Esc and the Close button. */}
      <button
        type="button"
        aria-label="Close keyboard shortcuts"
        tabIndex={-1}
        onClick={onClose}
        style={{
          position: "absolute",
          inset: 0,
          border: 0,
          padding: 0,
          background: "rgba(16,24,40,0.35)",
          cursor: "default",
        }}
      />
      <div className="card" style={{ position: "relative", width: 440, maxWidth: "92vw" }}>
        <div className="card-header">
          <h2>Keyboard shortcuts</h2>
          <button type="button" className="btn btn-sm" onClick={onClose}>
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
