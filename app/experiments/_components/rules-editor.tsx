"use client";

import { FieldError, invalid } from "@/app/_components/field-errors";

export const RULES_EXAMPLE = `[
  { "kind": "contains", "name": "names-it", "value": "restaurant", "ignoreCase": true },
  { "kind": "regex", "name": "one-sentence", "pattern": "^[^.!?]*[.!?]$" }
]`;

/** The rules' text as the suite's `rules`: undefined when blank, the text itself when it is not
 *  JSON (so the suite's schema refuses it and the form says where). */
export function parseRulesText(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Rule scorers as JSON (evals/README.md lists the kinds); each becomes the metric rule:<name>. */
export function RulesEditor({
  value,
  error,
  onChange,
}: {
  value: string;
  error: string | undefined;
  onChange: (v: string) => void;
}) {
  const notJson =
    typeof parseRulesText(value) === "string" ? "Rules must be a JSON array" : undefined;
  const message = notJson ?? error;
  return (
    <div className="field">
      <label htmlFor="rules">
        Rule scorers (optional, JSON; each is the metric rule:&lt;name&gt;)
      </label>
      <textarea
        id="rules"
        className="input"
        rows={4}
        spellCheck={false}
        placeholder={RULES_EXAMPLE}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...invalid("rules", message)}
      />
      <span className="hint">
        Kinds: contains, regex (RE2), validJson, jsonSchema, lengthBounds. Each scores a sample 0 or
        100.
      </span>
      <FieldError id="rules" message={message} />
    </div>
  );
}
