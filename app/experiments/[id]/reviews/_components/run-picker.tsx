"use client";

import { ErrorView } from "@/app/_components/error-view";
import { StatusBadge } from "@/app/_components/status-badge";
import { LoadingCard } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_trpc/types";

type Run = RouterOutputs["runs"]["list"][number];

/** Evaluated runs can be reviewed (their per-sample outputs exist); the others are listed,
 *  disabled. */
export function RunPicker({
  runs,
  error,
  value,
  onChange,
}: {
  runs: Run[] | undefined;
  error: unknown;
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  if (error) return <ErrorView error={error as Parameters<typeof ErrorView>[0]["error"]} />;
  if (!runs) return <LoadingCard rows={2} />;
  if (runs.length === 0) return <span className="faint">This experiment has no runs yet.</span>;
  const toggle = (id: string) =>
    onChange(value.includes(id) ? value.filter((v) => v !== id) : [...value, id]);
  return (
    <fieldset className="checks" aria-label="Runs to review">
      {runs.map((r) => {
        const ok = r.status === "evaluated";
        return (
          <label
            key={r.id}
            title={ok ? undefined : "Only evaluated runs have outputs to review"}
            style={{ opacity: ok ? 1 : 0.55 }}
          >
            <input
              type="checkbox"
              checked={value.includes(r.id)}
              disabled={!ok}
              onChange={() => toggle(r.id)}
            />
            {r.name} {!ok && <StatusBadge status={r.status} />}
          </label>
        );
      })}
    </fieldset>
  );
}
