"use client";

/** Hyperparameter axes typed as comma-separated lists: "1e-4, 3e-4" × "8, 16" → 4 runs. Parsing
 *  is forgiving about spaces and reports the first bad token by name. */

export type GridAxis = {
  key: "learningRate" | "loraRank" | "epochs";
  label: string;
  hint: string;
  integer: boolean;
};

export const GRID_AXES: GridAxis[] = [
  { key: "learningRate", label: "Learning rate", hint: "e.g. 1e-4, 3e-4", integer: false },
  { key: "loraRank", label: "LoRA rank", hint: "e.g. 8, 16", integer: true },
  { key: "epochs", label: "Epochs", hint: "e.g. 1, 2", integer: true },
];

export type GridText = Record<GridAxis["key"], string>;

export function parseAxis(
  text: string,
  axis: GridAxis,
): { values: number[]; error: string | null } {
  const tokens = text.split(/[,\s]+/).filter(Boolean);
  if (tokens.length === 0) return { values: [], error: `${axis.label}: enter at least one value` };
  const values: number[] = [];
  for (const t of tokens) {
    const v = Number(t);
    if (!Number.isFinite(v) || v <= 0)
      return { values: [], error: `${axis.label}: "${t}" is not a positive number` };
    if (axis.integer && !Number.isInteger(v))
      return { values: [], error: `${axis.label}: "${t}" must be a whole number` };
    if (!values.includes(v)) values.push(v);
  }
  return { values, error: null };
}

export function GridEditor({
  value,
  onChange,
}: {
  value: GridText;
  onChange: (v: GridText) => void;
}) {
  return (
    <div className="grid-3">
      {GRID_AXES.map((axis) => {
        const { error } = parseAxis(value[axis.key], axis);
        return (
          <div className="field" key={axis.key}>
            <label htmlFor={`grid-${axis.key}`}>{axis.label}</label>
            <input
              id={`grid-${axis.key}`}
              className="input mono"
              value={value[axis.key]}
              aria-invalid={!!error}
              onChange={(e) => onChange({ ...value, [axis.key]: e.target.value })}
            />
            <span className="hint" style={error ? { color: "var(--err)" } : undefined}>
              {error ?? axis.hint}
            </span>
          </div>
        );
      })}
    </div>
  );
}
