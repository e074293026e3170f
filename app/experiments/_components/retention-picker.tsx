"use client";

import { useQuery } from "@tanstack/react-query";
import { fmtInt } from "@/app/_components/format";
import { useTRPC } from "@/app/_trpc/client";

/** Another dataset version whose reference answers' perplexity shows what fine-tuning forgot. */
export function RetentionPicker({
  value,
  onChange,
}: {
  value: string;
  onChange: (versionId: string) => void;
}) {
  const trpc = useTRPC();
  const datasets = useQuery(trpc.datasets.list.queryOptions());
  return (
    <div className="field" style={{ maxWidth: 560 }}>
      <label htmlFor="retention-version">Retention set (optional)</label>
      <select
        id="retention-version"
        className="select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">None</option>
        {(datasets.data ?? []).flatMap((d) =>
          d.versions.map((v, i) => (
            <option key={v.id} value={v.id}>
              {d.name}
              {i > 0 ? ` (older version ${d.versions.length - i})` : ""} — {fmtInt(v.evalCount)}{" "}
              eval
            </option>
          )),
        )}
      </select>
      <span className="hint">
        The perplexity of its eval answers under the base model and each run; the leaderboard shows
        each run&apos;s change (a rise means the run forgot), and a gate can fail on it.
      </span>
    </div>
  );
}
