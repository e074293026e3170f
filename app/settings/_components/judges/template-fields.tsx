"use client";

import { FieldError, invalid } from "@/app/_components/field-errors";
import { Segmented } from "@/app/_components/form-controls";
import type { JudgeDraft } from "./judge-draft";

const KINDS = [
  { value: "pairwise", label: "Pairwise" },
  { value: "single", label: "Single rating" },
  { value: "rubric", label: "Rubric" },
  { value: "custom", label: "Custom" },
] as const;

const KIND_HINTS: Record<JudgeDraft["kind"], string> = {
  pairwise:
    "MT-Bench's pairwise prompt: question, answer A, answer B → a short rationale, then [[A]], [[B]] or [[C]] for a tie. Asked in both orders.",
  single:
    "Question, answer and, when there is one, the reference → a rationale, then [[rating]] 1–10.",
  rubric: "One rating 1–10 per criterion.",
  custom: "Your own user message with named placeholders; checked when saved.",
};

const NEEDS = {
  single: "{{question}} and {{answer}}; {{reference}} is optional",
  pairwise: "{{question}}, {{answer_a}} and {{answer_b}}; {{reference}} is optional",
};

/** The template part of the judge form: a built-in prompt, a rubric's criteria or custom text. */
export function TemplateFields({
  draft,
  onChange,
  error,
}: {
  draft: JudgeDraft;
  onChange: (p: Partial<JudgeDraft>) => void;
  error: string | undefined;
}) {
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="field">
        <span className="label">Template</span>
        <Segmented
          label="Template"
          value={draft.kind}
          options={[...KINDS]}
          onChange={(kind) => onChange({ kind })}
        />
        <span className="hint">{KIND_HINTS[draft.kind]}</span>
      </div>
      {draft.kind === "rubric" && (
        <div className="field">
          <label htmlFor="judge-criteria">Criteria (one a line, key: label)</label>
          <textarea
            id="judge-criteria"
            className="textarea mono"
            rows={4}
            value={draft.criteria}
            onChange={(e) => onChange({ criteria: e.target.value })}
            {...invalid("judge-criteria", error)}
          />
          <FieldError id="judge-criteria" message={error} />
        </div>
      )}
      {draft.kind === "custom" && (
        <>
          <div className="field">
            <span className="label">Judges</span>
            <Segmented
              label="Custom template mode"
              value={draft.customMode}
              options={[
                { value: "single", label: "one answer (rating)" },
                { value: "pairwise", label: "two answers (A/B)" },
              ]}
              onChange={(customMode) => onChange({ customMode })}
            />
          </div>
          <div className="field">
            <label htmlFor="judge-template">Template text</label>
            <textarea
              id="judge-template"
              className="textarea mono"
              rows={8}
              value={draft.customText}
              onChange={(e) => onChange({ customText: e.target.value })}
              aria-describedby={error ? "judge-template-error" : "judge-template-help"}
              aria-invalid={error ? true : undefined}
            />
            <span id="judge-template-help" className="hint">
              Uses {NEEDS[draft.customMode]}. End the answer format with{" "}
              {draft.customMode === "pairwise"
                ? "[[A]], [[B]] or [[C]] (tie)"
                : "[[rating]] from 1 to 10"}
              .
            </span>
            <FieldError id="judge-template" message={error} />
          </div>
        </>
      )}
      {draft.kind !== "rubric" && draft.kind !== "custom" && (
        <FieldError id="judge-template" message={error} />
      )}
    </div>
  );
}
