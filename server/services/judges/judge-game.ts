import { createHash } from "node:crypto";
import type { StoredVerdict } from "@/drizzle/schema";
import {
  builtinPrompt,
  type ChatMessage,
  customPrompt,
  type PromptText,
  parsePairwise,
  parseRating,
  parseRubric,
  ratingToScore,
  renderPrompt,
  type TemplateValues,
} from "@/evals";
import { type JudgeTemplate, templateMode } from "@/server/schemas/judges";

/** What a judge is shown for one game: single mode rates `answer`; pairwise mode compares
 *  `answerA` (shown first) with `answerB`. */
export type GameInputs = {
  question: string;
  answer?: string;
  answerA?: string;
  answerB?: string;
  reference?: string;
};

function promptOf(template: JudgeTemplate, hasReference: boolean): PromptText {
  switch (template.kind) {
    case "custom":
      return customPrompt(template.text);
    case "rubric":
      return builtinPrompt("rubric", { hasReference, criteria: template.criteria });
    default:
      return builtinPrompt(template.kind, { hasReference });
  }
}

/** The messages of one game. */
export function gameMessages(template: JudgeTemplate, inputs: GameInputs): ChatMessage[] {
  const values: TemplateValues = {
    question: inputs.question,
    ...(inputs.answer !== undefined ? { answer: inputs.answer } : {}),
    ...(inputs.answerA !== undefined ? { answer_a: inputs.answerA } : {}),
    ...(inputs.answerB !== undefined ? { answer_b: inputs.answerB } : {}),
    ...(inputs.reference ? { reference: inputs.reference } : {}),
  };
  return renderPrompt(promptOf(template, Boolean(inputs.reference)), values);
}

/** The cache key of a game: the version (its model and template) and the rendered messages, which
 *  hold the inputs and the order. */
export function gameKey(judgeVersionId: string, messages: ChatMessage[]): string {
  return createHash("sha256")
    .update(JSON.stringify([judgeVersionId, messages]))
    .digest("hex");
}

/** Reads an answer as the template's mode asks; null = no verdict in the format. */
export function readVerdict(template: JudgeTemplate, text: string): StoredVerdict {
  if (templateMode(template) === "pairwise") return parsePairwise(text);
  if (template.kind === "rubric")
    return parseRubric(
      text,
      template.criteria.map((c) => c.key),
    );
  return parseRating(text);
}

/** A single-mode verdict on 0–100: a rating's (r − 1) / 9 · 100, a rubric's mean over criteria. */
export function verdictScore(verdict: StoredVerdict): number | null {
  if (typeof verdict === "number") return ratingToScore(verdict);
  if (verdict && typeof verdict === "object") {
    const ratings = Object.values(verdict);
    return ratingToScore(ratings.reduce((s, r) => s + r, 0) / ratings.length);
  }
  return null;
}

/** A sample as judging sees it: a question, one answer (single) or two (pairwise: x and y). */
export type JudgedSample = { question: string; reference?: string; x: string; y?: string };

/** The games of one sample: one in single mode; in pairwise mode game 1 shows x as A and game 2
 *  shows y as A (MT-Bench's swap). */
export function sampleGames(
  version: { id: string; template: JudgeTemplate },
  s: JudgedSample,
): { game: 0 | 1 | 2; key: string; messages: ChatMessage[] }[] {
  const base = { question: s.question, reference: s.reference };
  const inputs: { game: 0 | 1 | 2; inputs: GameInputs }[] =
    templateMode(version.template) === "single"
      ? [{ game: 0, inputs: { ...base, answer: s.x } }]
      : [
          { game: 1, inputs: { ...base, answerA: s.x, answerB: s.y ?? "" } },
          { game: 2, inputs: { ...base, answerA: s.y ?? "", answerB: s.x } },
        ];
  return inputs.map(({ game, inputs }) => {
    const messages = gameMessages(version.template, inputs);
    return { game, key: gameKey(version.id, messages), messages };
  });
}
