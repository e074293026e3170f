import { fmtParam } from "@/app/_components/format";

const LABELS: Record<string, string> = {
  learningRate: "lr",
  loraRank: "r",
  epochs: "ep",
  parameters: "params",
  learning_rate: "lr",
  r: "r",
};

// The method (grid axes objective and parameters) leads: "objective dpo · params full · lr …".
const ORDER = [
  "objective",
  "parameters",
  "learningRate",
  "loraRank",
  "loraAlpha",
  "epochs",
  "batchSize",
];
const order = (k: string) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);

/** Compact "lr 3e-4 · r 8 · ep 1" for tables. */
export function Hyperparams({ value }: { value: unknown }) {
  if (!value || typeof value !== "object") return <span className="faint">—</span>;
  // jsonb does not keep key order; show the grid's axes in the order people set them.
  const entries = Object.entries(value as Record<string, unknown>).sort(
    ([a], [b]) => order(a) - order(b),
  );
  if (entries.length === 0) return <span className="faint">—</span>;
  return (
    <span className="mono small">
      {entries.map(([k, v], i) => (
        <span key={k}>
          {i > 0 && <span className="faint"> · </span>}
          <span className="faint">{LABELS[k] ?? k}</span> {fmtParam(v)}
        </span>
      ))}
    </span>
  );
}
