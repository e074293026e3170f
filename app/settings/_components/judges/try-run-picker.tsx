"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import type { JudgeMode } from "@/core/enums";

export type TryRuns = { runId: string; againstRunId: string };

/** Picks the evaluated run whose first 3 samples the judge is tried on, and for a pairwise judge
 *  the run of the same experiment whose outputs on those samples it is compared with. */
export function TryRunPicker({
  mode,
  value,
  onChange,
}: {
  mode: JudgeMode;
  value: TryRuns;
  onChange: (v: TryRuns) => void;
}) {
  const trpc = useTRPC();
  const evaluated = useQuery(
    trpc.runs.table.queryOptions({
      filters: [{ key: "status", op: "in", value: ["evaluated"] }],
      limit: 500,
    }),
  );
  const runs = evaluated.data?.rows ?? [];
  const chosen = runs.find((r) => r.id === value.runId);
  const others = runs.filter((r) => r.experimentId === chosen?.experimentId && r.id !== chosen.id);
  if (evaluated.isSuccess && runs.length === 0)
    return <span className="hint">No evaluated run in this project yet.</span>;
  return (
    <div className="grid-2">
      <div className="field">
        <label htmlFor="try-run">Run</label>
        <select
          id="try-run"
          className="select"
          value={value.runId}
          onChange={(e) => onChange({ runId: e.target.value, againstRunId: "" })}
        >
          <option value="">Pick an evaluated run…</option>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.experimentName} · {r.name}
            </option>
          ))}
        </select>
        <span className="hint">
          Its first 3 evaluated samples: the prompt,{" "}
          {mode === "pairwise" ? "its output as the first answer" : "its output"} and the reference.
        </span>
      </div>
      {mode === "pairwise" && (
        <div className="field">
          <label htmlFor="try-against">Against</label>
          <select
            id="try-against"
            className="select"
            value={value.againstRunId}
            disabled={!chosen}
            onChange={(e) => onChange({ ...value, againstRunId: e.target.value })}
          >
            <option value="">Pick another run of the experiment…</option>
            {others.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
          <span className="hint">Its outputs on the same samples are the second answers.</span>
        </div>
      )}
    </div>
  );
}
