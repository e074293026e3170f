// Facts about OpenAI fine-tuning that the code relies on: limits, prices and the wind-down.

/** Training tokens per example (fine-tuning guide); longer examples are truncated from the end. */
export const EXAMPLE_TOKEN_LIMITS: { prefix: string; tokens: number }[] = [
  { prefix: "gpt-3.5-turbo", tokens: 16_385 },
  { prefix: "gpt-4o-mini", tokens: 65_536 },
  { prefix: "gpt-4o", tokens: 65_536 },
  { prefix: "gpt-4.1", tokens: 65_536 },
];
export const MIN_EXAMPLES = 10;

/** USD per 1M tokens, standard tier, 2026-11: training, and inference on the fine-tuned model. */
export const PRICES: { prefix: string; training: number; input: number; output: number }[] = [
  { prefix: "gpt-4.1-nano", training: 1.5, input: 0.2, output: 0.8 },
  { prefix: "gpt-4.1-mini", training: 5, input: 0.8, output: 3.2 },
  { prefix: "gpt-4.1", training: 25, input: 3, output: 12 },
  { prefix: "gpt-4o-mini", training: 3, input: 0.3, output: 1.2 },
  { prefix: "gpt-4o", training: 25, input: 3.75, output: 15 },
  { prefix: "gpt-3.5-turbo", training: 8, input: 3, output: 6 },
];

/** The base model of `ft:gpt-4o-mini-2024-07-18:org:suffix:id`, or the name itself. */
export const baseOf = (model: string) =>
  model.startsWith("ft:") ? (model.split(":")[1] ?? model) : model;
// Longest prefix first, so gpt-4o-mini is not priced as gpt-4o.
const lookup = <T extends { prefix: string }>(rows: T[], model: string) =>
  [...rows]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .find((r) => baseOf(model).startsWith(r.prefix));
export const tokenLimitOf = (model: string) => lookup(EXAMPLE_TOKEN_LIMITS, model)?.tokens ?? null;
export const priceOf = (model: string) => lookup(PRICES, model) ?? null;

/**
 * USD per 1M tokens, standard tier, inference on the base models (what a judge usually calls),
 * which OpenAI prices apart from their fine-tuned copies. OpenAI's pricing page
 * (developers.openai.com/api/docs/pricing) as quoted on 2026-03-21 by deploybase.ai/articles/
 * openai-pricing and in April 2026 by aumiqx.com's OpenAI API pricing guide; gpt-3.5-turbo is
 * gpt-3.5-turbo-0125's price (github.com/kunishou/GenerativeAI-Cost).
 */
export const BASE_PRICES: { prefix: string; input: number; output: number }[] = [
  { prefix: "gpt-4.1-nano", input: 0.1, output: 0.4 },
  { prefix: "gpt-4.1-mini", input: 0.4, output: 1.6 },
  { prefix: "gpt-4.1", input: 2, output: 8 },
  { prefix: "gpt-4o-mini", input: 0.15, output: 0.6 },
  { prefix: "gpt-4o", input: 2.5, output: 10 },
  { prefix: "gpt-3.5-turbo", input: 0.5, output: 1.5 },
];

export type InferencePrice = { input: number; output: number };

/** What calling `model` costs per 1M tokens: an `ft:` model its fine-tuned price, a base model
 *  its own; null for a model neither table knows. */
export function inferencePriceOf(model: string): InferencePrice | null {
  const row = model.startsWith("ft:") ? priceOf(model) : lookup(BASE_PRICES, model);
  return row ? { input: row.input, output: row.output } : null;
}

/** USD for `promptTokens` in and `completionTokens` out at `price`; null without a price. */
export const inferenceCostUsd = (
  price: InferencePrice | null,
  promptTokens: number,
  completionTokens: number,
) => (price ? (promptTokens * price.input + completionTokens * price.output) / 1e6 : null);

/**
 * OpenAI's deprecations page, notice of 2026-05-07 ("Update to OpenAI's self-serve fine-tuning"):
 * organisations that never fine-tuned lost job creation that day, those without fine-tuned
 * inference in 60 days on 2026-07-02, and everyone on 2027-01-06.
 */
export const OPENAI_FT_CLOSED_TO_NEW_ORGS = "2026-05-07";
export const OPENAI_FT_CLOSED_TO_INACTIVE_ORGS = "2026-07-02";
export const OPENAI_FT_END_OF_NEW_JOBS = "2027-01-06";

export const WIND_DOWN_ADVICE =
  `OpenAI is winding down self-serve fine-tuning: since ${OPENAI_FT_CLOSED_TO_NEW_ORGS} organisations that never fine-tuned cannot create jobs, ` +
  `since ${OPENAI_FT_CLOSED_TO_INACTIVE_ORGS} neither can those without recent inference on a fine-tuned model, and from ${OPENAI_FT_END_OF_NEW_JOBS} no organisation can. ` +
  `Use the local or sagemaker backend, or point OPENAI_BASE_URL (or Azure OpenAI) at a service that still offers fine-tuning.`;
