"use client";

import { lowerIsBetter } from "@/core/enums";
import type { GateDraft } from "./gates-draft";
import { metricLabel } from "./metrics";

/** Regression gates: every evaluated run gets a verdict against these (the leaderboard shows it,
 *  `tunebench gate` exits non-zero on a failure). */
export function GatesEditor({
  value,
  metrics,
  onChange,
}: {
  value: GateDraft[];
  /** What the suite computes: built-in metrics and "rule:<name>"s. */
  metrics: string[];
  onChange: (v: GateDraft[]) => void;
}) {
  const set = (i: number, patch: Partial<GateDraft>) =>
    onChange(value.map((g, k) => (k === i ? { ...g, ...patch } : g)));
  return (
    <div className="field" data-testid="gates-editor">
      <span className="label">Regression gates (optional)</span>
      {value.map((g, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: drafts have no id; fields are controlled
        <div key={i} className="grid-3" style={{ alignItems: "end" }}>
          <select
            aria-label={`Gate ${i + 1} metric`}
            className="select"
            value={g.metric}
            onChange={(e) => {
              const metric = e.target.value;
              // A lower-is-better metric takes maxRise (a percentage) only; the others min or maxDrop.
              const kind = lowerIsBetter(metric)
                ? "maxRise"
                : g.kind === "maxRise"
                  ? "maxDrop"
                  : g.kind;
              set(i, { metric, kind });
            }}
          >
            {[...new Set([...metrics, g.metric])].map((m) => (
              <option key={m} value={m}>
                {metricLabel(m)}
              </option>
            ))}
          </select>
          <select
            aria-label={`Gate ${i + 1} kind`}
            className="select"
            value={g.kind}
            onChange={(e) => set(i, { kind: e.target.value as GateDraft["kind"] })}
          >
            {lowerIsBetter(g.metric) ? (
              <option value="maxRise">rises at most (%), vs baseline</option>
            ) : (
              <>
                <option value="min">at least (absolute)</option>
                <option value="maxDrop">drops at most, vs baseline</option>
              </>
            )}
          </select>
          <div style={{ display: "flex", gap: 8 }}>
            <input
              aria-label={`Gate ${i + 1} threshold`}
              className="input"
              type="number"
              step="any"
              min={g.kind === "min" ? undefined : 0}
              value={g.threshold}
              onChange={(e) => set(i, { threshold: e.target.value })}
            />
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => onChange(value.filter((_, k) => k !== i))}
              aria-label={`Remove gate ${i + 1}`}
            >
              ✕
            </button>
          </div>
        </div>
      ))}
      <div>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() =>
            onChange([
              ...value,
              {
                metric: metrics[0] ?? "accuracy",
                kind: lowerIsBetter(metrics[0] ?? "") ? "maxRise" : "maxDrop",
                threshold: "1",
              },
            ])
          }
        >
          + Add gate
        </button>
      </div>
      <span className="hint">
        Scores are 0–100. A drop below the baseline fails only when it is also significant (paired
        test, α = 0.05); so does a rise in perplexity (in %, its paired interval above 0%).
      </span>
    </div>
  );
}
