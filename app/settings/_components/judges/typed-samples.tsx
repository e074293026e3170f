"use client";

import type { JudgeMode } from "@/core/enums";
import type { TrySample } from "@/server/schemas/judges";

type Field = keyof TrySample;
const FIELDS: Record<JudgeMode, { key: Field; label: string }[]> = {
  single: [
    { key: "question", label: "Question" },
    { key: "answer", label: "Answer" },
    { key: "reference", label: "Reference (optional)" },
  ],
  pairwise: [
    { key: "question", label: "Question" },
    { key: "answerA", label: "Answer A" },
    { key: "answerB", label: "Answer B" },
    { key: "reference", label: "Reference (optional)" },
  ],
};

/** Three samples typed in, with the fields a judge of this mode reads. */
export function TypedSamples({
  mode,
  samples,
  onChange,
}: {
  mode: JudgeMode;
  samples: Required<TrySample>[];
  onChange: (samples: Required<TrySample>[]) => void;
}) {
  const edit = (i: number, key: Field, value: string) =>
    onChange(samples.map((s, j) => (j === i ? { ...s, [key]: value } : s)));
  return (
    <div className="grid-3">
      {samples.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the three samples are fixed slots
        <fieldset key={i} className="stack" style={{ gap: 6, border: 0, padding: 0, margin: 0 }}>
          <legend className="label">Sample {i + 1}</legend>
          {FIELDS[mode].map((f) => (
            <div key={f.key} className="field">
              <label htmlFor={`try-${i}-${f.key}`}>{f.label}</label>
              <textarea
                id={`try-${i}-${f.key}`}
                className="textarea"
                rows={2}
                value={s[f.key]}
                onChange={(e) => edit(i, f.key, e.target.value)}
              />
            </div>
          ))}
        </fieldset>
      ))}
    </div>
  );
}
