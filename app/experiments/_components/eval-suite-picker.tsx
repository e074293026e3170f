"use client";

import { errorAt, FieldError, type FieldErrors } from "@/app/_components/field-errors";
import { type EvalMetric, lowerIsBetter, RETENTION_PERPLEXITY } from "@/core/enums";
import { CustomScorersEditor, type ScorerDraft } from "./custom-scorers-editor";
import type { GateDraft } from "./gates-draft";
import { GatesEditor } from "./gates-editor";
import { JudgesField, type SuiteJudgeDraft } from "./judges-field";
import { METRICS, metricLabel } from "./metrics";
import { RetentionPicker } from "./retention-picker";
import { parseRulesText, RulesEditor } from "./rules-editor";

export type EvalSuiteState = {
  metrics: EvalMetric[];
  /** A built-in metric or a rule's "rule:<name>". */
  primary: string;
  maxNewTokens: number;
  temperature: number;
  /** The rules as the person types them (JSON). */
  rulesText?: string;
  customScorers?: ScorerDraft[];
  gates?: GateDraft[];
  judges?: SuiteJudgeDraft[];
  /** A dataset version id, or "" for none. */
  retentionVersionId?: string;
};

/** What a new suite starts as, in every form that sets one. */
export const DEFAULT_EVAL_SUITE: EvalSuiteState = {
  metrics: ["accuracy", "chrf"],
  primary: "accuracy",
  maxNewTokens: 32,
  temperature: 0,
};

/** The first problem in the suite's rules or custom scorers, saying which one and where
 *  ("rules.2.pattern: …", "customScorers.1.code: line 2: SyntaxError: …"). */
export function suiteErrorAt(errors: FieldErrors, part: "rules" | "customScorers") {
  const key = Object.keys(errors).find(
    (k) => k === `evalSuite.${part}` || k.startsWith(`evalSuite.${part}.`),
  );
  return key ? `${key.slice("evalSuite.".length)}: ${errors[key]}` : undefined;
}

/** "rule:<name>" of each named rule in the text, for the primary metric and gate pickers. */
function ruleMetrics(text: string | undefined): string[] {
  const rules = parseRulesText(text ?? "");
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((r) =>
    typeof r === "object" && r !== null && typeof r.name === "string" ? [`rule:${r.name}`] : [],
  );
}

/** "judge:<name>" of each single-mode judge: a per-sample metric like the built-in ones. */
const judgeMetrics = (judges: SuiteJudgeDraft[] | undefined) =>
  (judges ?? []).flatMap((j) => (j.mode === "single" ? [`judge:${j.name}`] : []));

/** The suite's fields, each marked with its problems among `errors` (the form's, keyed by the
 *  input's paths: "evalSuite.rules.0.name", …). */
export function EvalSuitePicker({
  value,
  errors,
  onChange,
}: {
  value: EvalSuiteState;
  errors: FieldErrors;
  onChange: (v: EvalSuiteState) => void;
}) {
  const computed: string[] = [
    ...value.metrics,
    ...ruleMetrics(value.rulesText),
    ...judgeMetrics(value.judges),
  ];
  // Perplexity scores the references, not the outputs: it is a column and a gate, never the rank.
  const rankable = computed.filter((m) => !lowerIsBetter(m));
  const gateable = value.retentionVersionId ? [...computed, RETENTION_PERPLEXITY] : computed;
  function setJudges(judges: SuiteJudgeDraft[]) {
    const stays =
      !value.primary.startsWith("judge:") || judgeMetrics(judges).includes(value.primary);
    const primary = stays
      ? value.primary
      : (value.metrics.find((x) => !lowerIsBetter(x)) ?? value.metrics[0] ?? "");
    onChange({ ...value, judges, primary });
  }
  function toggle(m: EvalMetric) {
    const metrics = value.metrics.includes(m)
      ? value.metrics.filter((x) => x !== m)
      : [...value.metrics, m];
    const stays = metrics.some((x) => x === value.primary) || /^(rule|judge):/.test(value.primary);
    const primary = stays
      ? value.primary
      : (metrics.find((x) => !lowerIsBetter(x)) ?? value.primary);
    onChange({ ...value, metrics, primary });
  }
  return (
    <div className="stack">
      <div className="field">
        <span className="label">Metrics</span>
        <div className="checks">
          {METRICS.map((m) => (
            <label key={m.key} title={m.hint}>
              <input
                type="checkbox"
                checked={value.metrics.includes(m.key)}
                onChange={() => toggle(m.key)}
              />{" "}
              {m.label}
            </label>
          ))}
        </div>
        {value.metrics.length === 0 && (
          <span className="hint" style={{ color: "var(--err)" }}>
            Pick at least one metric.
          </span>
        )}
      </div>
      <div className="grid-3">
        <div className="field">
          <label htmlFor="primary-metric">Primary metric (ranks the leaderboard)</label>
          <select
            id="primary-metric"
            className="select"
            value={value.primary}
            onChange={(e) => onChange({ ...value, primary: e.target.value })}
          >
            {rankable.map((m) => (
              <option key={m} value={m}>
                {metricLabel(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="max-new-tokens">Max new tokens</label>
          <input
            id="max-new-tokens"
            className="input"
            type="number"
            min={1}
            max={4096}
            value={value.maxNewTokens}
            onChange={(e) => onChange({ ...value, maxNewTokens: Number(e.target.value) })}
          />
        </div>
        <div className="field">
          <label htmlFor="temperature">Temperature</label>
          <input
            id="temperature"
            className="input"
            type="number"
            min={0}
            max={2}
            step={0.1}
            value={value.temperature}
            onChange={(e) => onChange({ ...value, temperature: Number(e.target.value) })}
          />
          <span className="hint">0 = greedy decoding, reproducible scores.</span>
        </div>
      </div>
      <JudgesField
        value={value.judges ?? []}
        onChange={setJudges}
        errorAt={(i) => errorAt(errors, `evalSuite.judges.${i}`)}
      />
      <RulesEditor
        value={value.rulesText ?? ""}
        error={suiteErrorAt(errors, "rules")}
        onChange={(rulesText) => onChange({ ...value, rulesText })}
      />
      <RetentionPicker
        value={value.retentionVersionId ?? ""}
        onChange={(retentionVersionId) => onChange({ ...value, retentionVersionId })}
      />
      <CustomScorersEditor
        value={value.customScorers ?? []}
        error={suiteErrorAt(errors, "customScorers")}
        onChange={(customScorers) => onChange({ ...value, customScorers })}
      />
      <GatesEditor
        value={value.gates ?? []}
        metrics={gateable}
        onChange={(gates) => onChange({ ...value, gates })}
      />
      <FieldError id="eval-suite" message={errorAt(errors, "evalSuite")} />
    </div>
  );
}
