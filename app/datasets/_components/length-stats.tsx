import { fmtInt } from "@/app/_components/format";
import type { DatasetStats } from "@/server/schemas/datasets";

/** Median and p95 characters of the training split's prompts and completions. */
export function LengthStats({ stats }: { stats: DatasetStats }) {
  const t = stats.train;
  return (
    <span className="small mono">
      <span className="faint">prompt</span> {fmtInt(t.promptChars.p50)} /{" "}
      {fmtInt(t.promptChars.p95)}
      <span className="faint"> · completion</span> {fmtInt(t.completionChars.p50)} /{" "}
      {fmtInt(t.completionChars.p95)}
    </span>
  );
}
