"use client";

import type { XAxisKind } from "./curves-chart";

const X_AXES: { key: XAxisKind; label: string }[] = [
  { key: "step", label: "Step" },
  { key: "epoch", label: "Epoch" },
  { key: "tokens", label: "Tokens" },
  { key: "time", label: "Wall time" },
];

export type CurvesSettings = {
  metric: string;
  x: XAxisKind;
  smoothing: number;
  logScale: boolean;
  band: boolean;
};

/** What the chart shows: the metric, the x axis, EMA smoothing, log scale and the min/max band. */
export function CurvesControls({
  names,
  value: v,
  onChange,
}: {
  names: string[];
  value: CurvesSettings;
  onChange: (v: CurvesSettings) => void;
}) {
  const set = (patch: Partial<CurvesSettings>) => onChange({ ...v, ...patch });
  return (
    <div className="row" style={{ gap: 10 }}>
      <select
        className="select"
        style={{ width: 180, height: 30 }}
        aria-label="Metric"
        value={v.metric}
        onChange={(e) => set({ metric: e.target.value })}
      >
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <fieldset className="segmented" aria-label="X axis">
        {X_AXES.map((a) => (
          <button
            key={a.key}
            type="button"
            aria-pressed={v.x === a.key}
            onClick={() => set({ x: a.key })}
          >
            {a.label}
          </button>
        ))}
      </fieldset>
      <label className="row small" style={{ gap: 6 }}>
        Smoothing
        <input
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={v.smoothing}
          onChange={(e) => set({ smoothing: Number(e.target.value) })}
          aria-label="Smoothing"
          style={{ width: 110 }}
        />
        <span className="mono faint" style={{ width: 32 }}>
          {v.smoothing.toFixed(2)}
        </span>
      </label>
      <label className="row small" style={{ gap: 4 }}>
        <input
          type="checkbox"
          checked={v.logScale}
          onChange={(e) => set({ logScale: e.target.checked })}
        />{" "}
        Log scale
      </label>
      <label className="row small" style={{ gap: 4 }}>
        <input type="checkbox" checked={v.band} onChange={(e) => set({ band: e.target.checked })} />{" "}
        Min/max band
      </label>
    </div>
  );
}
