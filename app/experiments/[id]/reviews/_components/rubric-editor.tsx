"use client";

import { blankCriterion, type CampaignForm, type CriterionDraft } from "./campaign-form-state";

export function RubricEditor({
  form,
  onChange,
}: {
  form: CampaignForm;
  onChange: (patch: Partial<CampaignForm>) => void;
}) {
  const update = (i: number, c: CriterionDraft) =>
    onChange({ criteria: form.criteria.map((x, j) => (j === i ? c : x)) });
  return (
    <div className="stack">
      {form.criteria.map((c, i) => (
        <div
          key={c.key}
          className="stack"
          style={{ gap: 6, paddingBottom: 10, borderBottom: "1px solid var(--border)" }}
        >
          <div className="row">
            <input
              className="input"
              style={{ maxWidth: 260 }}
              aria-label={`Criterion ${i + 1} name`}
              value={c.label}
              placeholder="e.g. Correctness"
              onChange={(e) => update(i, { ...c, label: e.target.value })}
            />
            <button
              type="button"
              className="btn btn-sm btn-danger"
              onClick={() => onChange({ criteria: form.criteria.filter((_, j) => j !== i) })}
            >
              Remove
            </button>
          </div>
          <div className="grid-4" style={{ gridTemplateColumns: "repeat(5, minmax(0, 1fr))" }}>
            {c.labels.map((l, s) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the index is the scale point
              <div key={s} className="field">
                <label className="hint" htmlFor={`crit-${i}-${s}`}>
                  {s + 1}
                </label>
                <input
                  id={`crit-${i}-${s}`}
                  className="input"
                  value={l}
                  onChange={(e) =>
                    update(i, {
                      ...c,
                      labels: c.labels.map((x, k) =>
                        k === s ? e.target.value : x,
                      ) as CriterionDraft["labels"],
                    })
                  }
                />
              </div>
            ))}
          </div>
        </div>
      ))}
      <div className="row">
        {form.criteria.length < 10 && (
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => onChange({ criteria: [...form.criteria, blankCriterion()] })}
          >
            Add criterion
          </button>
        )}
        <label className="row" style={{ gap: 6 }}>
          <input
            type="checkbox"
            checked={form.passFail}
            onChange={(e) => onChange({ passFail: e.target.checked })}
          />{" "}
          Pass / fail verdict
        </label>
        <label className="row" style={{ gap: 6 }}>
          <input
            type="checkbox"
            checked={form.comment}
            onChange={(e) => onChange({ comment: e.target.checked })}
          />{" "}
          Comment field
        </label>
      </div>
    </div>
  );
}
