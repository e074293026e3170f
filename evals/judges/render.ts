import {
  DEFAULT_SYSTEM,
  type JudgeMode,
  PLACEHOLDERS,
  type Placeholder,
  type PromptText,
} from "./templates";

/**
 * Custom judge templates: the user message, with named placeholders `{{question}}`, `{{answer}}`,
 * `{{answer_a}}`, `{{answer_b}}`, `{{reference}}`. Checked when saved (checkTemplate), filled in
 * one pass when rendered, so an answer that itself contains "{{answer_b}}" stays as written.
 */

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** What each mode must show the judge; `reference` is optional in both. */
const NEEDS: Record<JudgeMode, readonly Placeholder[]> = {
  single: ["question", "answer"],
  pairwise: ["question", "answer_a", "answer_b"],
};
const ALLOWED: Record<JudgeMode, readonly Placeholder[]> = {
  single: [...NEEDS.single, "reference"],
  pairwise: [...NEEDS.pairwise, "reference"],
};

export type TemplateIssue = { message: string; line: number | null; placeholder: string };

const isPlaceholder = (name: string): name is Placeholder =>
  (PLACEHOLDERS as readonly string[]).includes(name);

/** Every problem with a custom template for `mode`, each naming the placeholder and its line. */
export function checkTemplate(text: string, mode: JudgeMode): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const used = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    const line = text.slice(0, m.index).split("\n").length;
    used.add(name);
    if (!isPlaceholder(name))
      issues.push({
        message: `line ${line}: unknown placeholder {{${name}}}; use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}`,
        line,
        placeholder: name,
      });
    else if (!ALLOWED[mode].includes(name))
      issues.push({
        message: `line ${line}: {{${name}}} has no value in a ${mode} template; it uses ${ALLOWED[mode].map((p) => `{{${p}}}`).join(", ")}`,
        line,
        placeholder: name,
      });
  }
  for (const name of NEEDS[mode])
    if (!used.has(name))
      issues.push({
        message: `a ${mode} template must contain {{${name}}}`,
        line: null,
        placeholder: name,
      });
  return issues;
}

export type TemplateValues = Partial<Record<Placeholder, string>>;

/** Fills a template's placeholders; throws naming any placeholder this sample has no value for. */
export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = isPlaceholder(name) ? values[name] : undefined;
    if (value === undefined)
      throw new Error(
        name === "reference"
          ? "the judge's template uses {{reference}} but this sample has no reference answer"
          : `the judge's template uses {{${name}}}, which has no value here`,
      );
    return value;
  });
}

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

/** The messages one judge call sends. */
export function renderPrompt(prompt: PromptText, values: TemplateValues): ChatMessage[] {
  return [
    { role: "system", content: fillTemplate(prompt.system, values) },
    { role: "user", content: fillTemplate(prompt.user, values) },
  ];
}

/** A custom template as a prompt: its text is the user message. */
export const customPrompt = (text: string): PromptText => ({ system: DEFAULT_SYSTEM, user: text });
