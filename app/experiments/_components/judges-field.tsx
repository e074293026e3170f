"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { FieldError, invalid } from "@/app/_components/field-errors";
import { useTRPC } from "@/app/_trpc/client";
import type { JudgeMode } from "@/core/enums";

/** A judge in the suite as the form holds it; the mode is the judge's template's. */
export type SuiteJudgeDraft = {
  judgeId: string;
  name: string;
  mode: JudgeMode;
  /** Pairwise: "baseline" or a run id. */
  against: string;
};

/** The project's judges to add to the eval suite: single ones give the metric judge:<name>,
 *  pairwise ones a win rate against the reference run. */
export function JudgesField({
  value,
  onChange,
  errorAt,
}: {
  value: SuiteJudgeDraft[];
  onChange: (v: SuiteJudgeDraft[]) => void;
  errorAt: (i: number) => string | undefined;
}) {
  const trpc = useTRPC();
  const judges = useQuery(trpc.judges.list.queryOptions());
  const finished = useQuery(
    trpc.runs.table.queryOptions({
      filters: [{ key: "status", op: "in", value: ["succeeded", "evaluated"] }],
      limit: 200,
    }),
  );
  const runs = finished.data?.rows ?? [];
  if (!judges.data?.length)
    return (
      <div className="field">
        <span className="label">LLM judges</span>
        <span className="hint">
          No judges in this project yet; admins add them in <Link href="/settings">Settings</Link>.
        </span>
      </div>
    );
  const set = (i: number, p: Partial<SuiteJudgeDraft>) =>
    onChange(value.map((x, j) => (j === i ? { ...x, ...p } : x)));
  return (
    <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend className="label">LLM judges</legend>
      <div className="stack" style={{ gap: 6 }}>
        {judges.data.map((j) => {
          const i = value.findIndex((x) => x.judgeId === j.id);
          const chosen = i >= 0;
          const toggle = () =>
            onChange(
              chosen
                ? value.filter((x) => x.judgeId !== j.id)
                : [
                    ...value,
                    { judgeId: j.id, name: j.name, mode: j.current.mode, against: "baseline" },
                  ],
            );
          const error = chosen ? errorAt(i) : undefined;
          const id = `suite-judge-${j.name}`;
          return (
            <div key={j.id} className="row" data-suite-judge={j.name}>
              <label title={`${j.current.model}, version ${j.current.version}`}>
                <input type="checkbox" checked={chosen} onChange={toggle} /> {j.name}{" "}
                <span className="muted small">
                  v{j.current.version} · {j.current.mode}
                  {j.current.mode === "single" && ` · metric judge:${j.name}`}
                </span>
              </label>
              {chosen && j.current.mode === "pairwise" && (
                <>
                  <label htmlFor={id} className="small muted">
                    against
                  </label>
                  <select
                    id={id}
                    className="select"
                    style={{ maxWidth: 320 }}
                    value={value[i]!.against}
                    onChange={(e) => set(i, { against: e.target.value })}
                    {...invalid(id, error)}
                  >
                    <option value="baseline">the experiment's baseline</option>
                    {runs.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.experimentName} · {r.name}
                      </option>
                    ))}
                  </select>
                </>
              )}
              <FieldError id={id} message={error} />
            </div>
          );
        })}
      </div>
      <span className="hint">
        Pairwise judges ask every question in both orders; a verdict that flips counts as a tie.
      </span>
    </fieldset>
  );
}
