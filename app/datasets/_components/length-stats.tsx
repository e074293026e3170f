import { fmtInt } from "@/app/_components/format";

type Dist = { p50?: number; p95?: number; max?: number };
type Stats = { train?: { promptChars?: Dist; completionChars?: Dist } };

/** Median and p95 characters of the training split's prompts and completions. */
export function LengthStats({ stats }: { stats: unknown }) {
  const t = (stats as Stats | null)?.train;
  if (!t?.promptChars || !t.completionChars) return <span className="faint">—</span>;
  return (
    <span className="small mono">
      <span className="faint">prompt</span> {fmtInt(t.promptChars.p50)} /{" "}
      {fmtInt(t.promptChars.p95)}
      <span className="faint"> · completion</span> {fmtInt(t.completionChars.p50)} /{" "}
      {fmtInt(t.completionChars.p95)}
    </span>
  );
}
