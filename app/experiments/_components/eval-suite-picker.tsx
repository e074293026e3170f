"use client";

import type { EvalMetric } from "@/core/enums";
import type { GateDraft } from "./gates-draft";
import { GatesEditor } from "./gates-editor";
import { METRICS } from "./metrics";

export type EvalSuiteState = {
  metrics: EvalMetric[];
  primary: EvalMetric;
  maxNewTokens: number;
  temperature: number;
  gates?: GateDraft[];
};

export function EvalSuitePicker({
  value,
  onChange,
}: {
  value: EvalSuiteState;
  onChange: (v: EvalSuiteState) => void;
}) {
  function toggle(m: EvalMetric) {
    const metrics = value.metrics.includes(m)
      ? value.metrics.filter((x) => x !== m)
      : [...value.metrics, m];
    const primary = metrics.includes(value.primary) ? value.primary : (metrics[0] ?? value.primary);
    onChange({ ...value, metrics, primary });
  }
  return (
    <div className="stack">
      <div className="field">
        <span className="label">Metrics</span>
        <div className="checks">
          {METRICS.map((m) => (
            <label key={m.key} title={m.hint}>
              <input
                type="checkbox"
                checked={value.metrics.includes(m.key)}
                onChange={() => toggle(m.key)}
              />{" "}
              {m.label}
            </label>
          ))}
        </div>
        {value.metrics.length === 0 && (
          <span className="hint" style={{ color: "var(--err)" }}>
            Pick at least one metric.
          </span>
        )}
      </div>
      <div className="grid-3">
        <div className="field">
          <label htmlFor="primary-metric">Primary metric (ranks the leaderboard)</label>
          <select
            id="primary-metric"
            className="select"
            value={value.primary}
            onChange={(e) => onChange({ ...value, primary: e.target.value as EvalMetric })}
          >
            {value.metrics.map((m) => (
              <option key={m} value={m}>
                {METRICS.find((x) => x.key === m)?.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="max-new-tokens">Max new tokens</label>
          <input
            id="max-new-tokens"
            className="input"
            type="number"
            min={1}
            max={4096}
            value={value.maxNewTokens}
            onChange={(e) => onChange({ ...value, maxNewTokens: Number(e.target.value) })}
          />
        </div>
        <div className="field">
          <label htmlFor="temperature">Temperature</label>
          <input
            id="temperature"
            className="input"
            type="number"
            min={0}
            max={2}
            step={0.1}
            value={value.temperature}
            onChange={(e) => onChange({ ...value, temperature: Number(e.target.value) })}
          />
          <span className="hint">0 = greedy decoding, reproducible scores.</span>
        </div>
      </div>
      <GatesEditor
        value={value.gates ?? []}
        metrics={value.metrics}
        onChange={(gates) => onChange({ ...value, gates })}
      />
    </div>
  );
}
