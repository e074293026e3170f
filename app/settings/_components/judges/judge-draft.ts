import type { JudgeMode, JudgeProvider } from "@/core/enums";
import type { CreateJudgeInput, JudgeOut, JudgeTemplate } from "@/server/schemas/judges";

/** What the judge form edits: the template as text fields, turned into the schema's shape on send. */
export type JudgeDraft = {
  name: string;
  provider: JudgeProvider;
  model: string;
  kind: JudgeTemplate["kind"];
  customMode: JudgeMode;
  customText: string;
  /** Rubric criteria, one a line: "key: label". */
  criteria: string;
  /** USD per 1M tokens as typed; both empty: no override. */
  inputPrice: string;
  outputPrice: string;
};

export const blankDraft = (): JudgeDraft => ({
  name: "",
  provider: "openai-compatible",
  model: "",
  kind: "pairwise",
  customMode: "single",
  customText: "",
  criteria: "correctness: Correctness\nclarity: Clarity",
  inputPrice: "",
  outputPrice: "",
});

export function draftOf(j: JudgeOut): JudgeDraft {
  const t = j.current.template;
  return {
    ...blankDraft(),
    name: j.name,
    provider: j.current.provider,
    model: j.current.model,
    kind: t.kind,
    ...(t.kind === "custom" ? { customMode: t.mode, customText: t.text } : {}),
    ...(t.kind === "rubric"
      ? { criteria: t.criteria.map((c) => `${c.key}: ${c.label}`).join("\n") }
      : {}),
    ...(j.current.pricing
      ? {
          inputPrice: String(j.current.pricing.inputUsdPerMTok),
          outputPrice: String(j.current.pricing.outputUsdPerMTok),
        }
      : {}),
  };
}

function parseCriteria(text: string) {
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const at = l.indexOf(":");
      return at < 0
        ? { key: l.trim(), label: l.trim() }
        : { key: l.slice(0, at).trim(), label: l.slice(at + 1).trim() };
    });
}

function templateOf(d: JudgeDraft): JudgeTemplate {
  if (d.kind === "custom") return { kind: "custom", mode: d.customMode, text: d.customText };
  if (d.kind === "rubric") return { kind: "rubric", criteria: parseCriteria(d.criteria) };
  return { kind: d.kind };
}

// An empty box next to a filled one reads as NaN, so the schema names it instead of pricing at 0.
const usd = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

export const inputOf = (d: JudgeDraft): CreateJudgeInput => ({
  name: d.name,
  provider: d.provider,
  model: d.model,
  template: templateOf(d),
  ...(d.provider === "openai-compatible" && (d.inputPrice.trim() || d.outputPrice.trim())
    ? { pricing: { inputUsdPerMTok: usd(d.inputPrice), outputUsdPerMTok: usd(d.outputPrice) } }
    : {}),
});
