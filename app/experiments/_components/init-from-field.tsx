"use client";

import { useQuery } from "@tanstack/react-query";
import { FieldError, invalid } from "@/app/_components/field-errors";
import { useTRPC } from "@/app/_trpc/client";

/** "Start from run": every run of the project that finished training, newest first (DPO after
 *  SFT). Empty: the base model. The server checks the run's output and backend. */
export function InitFromField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (runId: string) => void;
  error: string | undefined;
}) {
  const trpc = useTRPC();
  const finished = useQuery(
    trpc.runs.table.queryOptions({
      filters: [{ key: "status", op: "in", value: ["succeeded", "evaluated"] }],
      limit: 200,
    }),
  );
  const runs = (finished.data?.rows ?? []).filter((r) => !r.isBaseline);
  return (
    <div className="field" style={{ maxWidth: 560 }}>
      <label htmlFor="init-from">Start from run (optional)</label>
      <select
        id="init-from"
        className="select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...invalid("init-from", error)}
      >
        <option value="">The base model</option>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {r.experimentName} · {r.name}
          </option>
        ))}
      </select>
      <FieldError id="init-from" message={error} />
      <span className="hint">
        Its adapter or model becomes every run's starting point and, for DPO, the reference.
      </span>
    </div>
  );
}
