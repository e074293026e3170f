/**
 * The built-in judge prompts, adapted from FastChat's judge_prompts.jsonl (Zheng et al. 2023):
 * `pair-v2` (pairwise, [[A]]/[[B]]/[[C]]), `single-v1` and `single-math-v1` (a 1–10 [[rating]],
 * the latter with a reference answer), and a rubric variant of single-v1 asking one rating per
 * criterion. Each is a system message plus a user message with named placeholders
 * (render.ts fills them). Every built-in prompt lives here and nowhere else.
 */

export const JUDGE_MODES = ["single", "pairwise"] as const;
export type JudgeMode = (typeof JUDGE_MODES)[number];

export const BUILTIN_TEMPLATES = ["pairwise", "single", "rubric"] as const;
export type BuiltinTemplate = (typeof BUILTIN_TEMPLATES)[number];

/** The placeholders a custom template may use. */
export const PLACEHOLDERS = ["question", "answer", "answer_a", "answer_b", "reference"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type PromptText = { system: string; user: string };

/** The system message of custom templates (FastChat's single-v1 uses the same). */
export const DEFAULT_SYSTEM = "You are a helpful assistant.";

const PAIRWISE: PromptText = {
  system:
    'Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to the user question displayed below. You should choose the assistant that follows the user\'s instructions and answers the user\'s question better. Your evaluation should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of their responses. Begin your evaluation by comparing the two responses and provide a short explanation. Avoid any position biases and ensure that the order in which the responses were presented does not influence your decision. Do not allow the length of the responses to influence your evaluation. Do not favor certain names of the assistants. Be as objective as possible. After providing your explanation, output your final verdict by strictly following this format: "[[A]]" if assistant A is better, "[[B]]" if assistant B is better, and "[[C]]" for a tie.',
  user: "[User Question]\n{{question}}\n\n[The Start of Assistant A's Answer]\n{{answer_a}}\n[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\n{{answer_b}}\n[The End of Assistant B's Answer]",
};

const RATE =
  'After providing your explanation, you must rate the response on a scale of 1 to 10 by strictly following this format: "[[rating]]", for example: "Rating: [[5]]".';

const SINGLE: PromptText = {
  system: DEFAULT_SYSTEM,
  user: `[Instruction]\nPlease act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user question displayed below. Your evaluation should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of the response. Begin your evaluation by providing a short explanation. Be as objective as possible. ${RATE}\n\n[Question]\n{{question}}\n\n[The Start of Assistant's Answer]\n{{answer}}\n[The End of Assistant's Answer]`,
};

const SINGLE_WITH_REFERENCE: PromptText = {
  system: DEFAULT_SYSTEM,
  user: `[Instruction]\nPlease act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user question displayed below. Your evaluation should consider correctness and helpfulness. You will be given a reference answer and the assistant's answer. Begin your evaluation by comparing the assistant's answer with the reference answer. Identify and correct any mistakes. Be as objective as possible. ${RATE}\n\n[Question]\n{{question}}\n\n[The Start of Reference Answer]\n{{reference}}\n[The End of Reference Answer]\n\n[The Start of Assistant's Answer]\n{{answer}}\n[The End of Assistant's Answer]`,
};

/** Rubric criteria as the judge sees them; `key` is what it writes before each rating. */
export type JudgeCriterion = { key: string; label: string };

function rubricPrompt(criteria: readonly JudgeCriterion[], withReference: boolean): PromptText {
  const list = criteria.map((c) => `- ${c.key}: ${c.label}`).join("\n");
  const lines = criteria.map((c) => `${c.key}: [[rating]]`).join("\n");
  const reference = withReference
    ? "\n\n[The Start of Reference Answer]\n{{reference}}\n[The End of Reference Answer]"
    : "";
  return {
    system: DEFAULT_SYSTEM,
    user: `[Instruction]\nPlease act as an impartial judge and evaluate the response provided by an AI assistant to the user question displayed below, on each of these criteria:\n${list}\nBegin your evaluation by providing a short explanation. Be as objective as possible. Then rate the response on each criterion on a scale of 1 to 10, one line per criterion, strictly in this format:\n${lines}\n\n[Question]\n{{question}}${reference}\n\n[The Start of Assistant's Answer]\n{{answer}}\n[The End of Assistant's Answer]`,
  };
}

/** The prompt a built-in template uses for one sample: single and rubric show the reference when
 *  the sample has one (FastChat's single-math-v1), pairwise never does (pair-v2). */
export function builtinPrompt(
  name: BuiltinTemplate,
  o: { hasReference: boolean; criteria?: readonly JudgeCriterion[] },
): PromptText {
  switch (name) {
    case "pairwise":
      return PAIRWISE;
    case "single":
      return o.hasReference ? SINGLE_WITH_REFERENCE : SINGLE;
    case "rubric":
      return rubricPrompt(o.criteria ?? [], o.hasReference);
    default: {
      const never: never = name;
      throw new Error(`unknown built-in template ${String(never)}`);
    }
  }
}

/** Which mode a built-in template judges in. */
export const builtinMode = (name: BuiltinTemplate): JudgeMode =>
  name === "pairwise" ? "pairwise" : "single";

/** The message that follows an answer without a verdict, before the one retry. */
export function formatReminder(mode: JudgeMode, criteria?: readonly JudgeCriterion[]): string {
  if (mode === "pairwise")
    return 'Your answer did not contain a verdict. Reply again and end with exactly one of "[[A]]", "[[B]]" or "[[C]]".';
  if (criteria?.length)
    return `Your answer did not contain a rating for every criterion. Reply again and end with one line per criterion, in this format:\n${criteria.map((c) => `${c.key}: [[rating]]`).join("\n")}`;
  return 'Your answer did not contain a rating. Reply again and end with your rating from 1 to 10 in this format: "Rating: [[5]]".';
}
