import { CHAT_ROLES } from "../../core/enums";
import { methodDataIssue, methodOf } from "../method";
import type { ChatMessage, RunSpec, SpecIssue } from "../types";
import { MIN_EXAMPLES, OPENAI_FT_END_OF_NEW_JOBS, tokenLimitOf, WIND_DOWN_ADVICE } from "./catalog";

const ROLES = new Set<string>(CHAT_ROLES);
const MAX_LISTED = 5;

/**
 * Token count without OpenAI's tokenizer: ~4 bytes of UTF-8 per token plus the chat format's
 * per-message overhead. It only needs to catch examples far past the limit, which OpenAI would
 * silently truncate from the end (losing the assistant answer).
 */
export const estimateTokens = (messages: ChatMessage[]) =>
  messages.reduce(
    (n, m) => n + 4 + Math.ceil(Buffer.byteLength(String(m.content ?? ""), "utf8") / 4),
    3,
  );

function exampleProblem(messages: unknown): string | null {
  if (!Array.isArray(messages) || messages.length === 0) return "has no messages";
  for (const [j, m] of (messages as Record<string, unknown>[]).entries()) {
    if (!m || typeof m !== "object") return `message ${j} is not an object`;
    if (!ROLES.has(String(m.role)))
      return `message ${j} has role "${String(m.role)}"; OpenAI supervised fine-tuning takes system, user and assistant`;
    if (typeof m.content !== "string" || !m.content.trim())
      return `message ${j} (${String(m.role)}) has empty or non-text content`;
  }
  if (!messages.some((m: { role?: unknown }) => m.role === "assistant"))
    return "has no assistant message to learn from";
  return null;
}

/** OpenAI's data format and limits, checked before anything is uploaded or billed. */
export function validateOpenAISpec(
  spec: RunSpec,
  o: { now: Date; officialApi: boolean },
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  if (o.officialApi && o.now >= new Date(`${OPENAI_FT_END_OF_NEW_JOBS}T00:00:00Z`)) {
    issues.push({
      field: "backend",
      message: `OpenAI stopped accepting new fine-tuning jobs on ${OPENAI_FT_END_OF_NEW_JOBS}. ${WIND_DOWN_ADVICE}`,
    });
  }
  if (!spec.baseModel.trim() || /^(\/|\.|~)/.test(spec.baseModel))
    issues.push({
      field: "baseModel",
      message: `"${spec.baseModel}" is not an OpenAI model name (e.g. gpt-4o-mini-2024-07-18)`,
    });
  if (spec.train.length < MIN_EXAMPLES)
    issues.push({
      field: "train",
      message: `OpenAI needs at least ${MIN_EXAMPLES} training examples, got ${spec.train.length}`,
    });
  const limit = tokenLimitOf(spec.baseModel);
  for (const [split, examples] of [
    ["train", spec.train],
    ["eval", spec.eval ?? []],
  ] as const) {
    const bad = examples.flatMap((m, i) => {
      const problem = exampleProblem(m);
      if (problem) return [`example ${i} ${problem}`];
      const tokens = estimateTokens(m);
      return limit !== null && tokens > limit
        ? [
            `example ${i} has about ${tokens} tokens; ${spec.baseModel} trains on at most ${limit} per example and truncates the rest`,
          ]
        : [];
    });
    if (bad.length)
      issues.push({
        field: split,
        message:
          bad.slice(0, MAX_LISTED).join("; ") +
          (bad.length > MAX_LISTED ? `; and ${bad.length - MAX_LISTED} more` : ""),
      });
  }
  issues.push(...methodIssues(spec));
  const t = spec.training;
  if (!Number.isInteger(t.epochs) || t.epochs < 1 || t.epochs > 50)
    issues.push({
      field: "training.epochs",
      message: `OpenAI takes 1 to 50 epochs, got ${t.epochs}`,
    });
  const batch = t.batchSize * t.gradAccum;
  if (!Number.isInteger(batch) || batch < 1 || batch > 256)
    issues.push({
      field: "training.batchSize",
      message: `batchSize × gradAccum must be 1 to 256 for OpenAI, got ${batch}`,
    });
  if (!(t.learningRate > 0))
    issues.push({
      field: "training.learningRate",
      message: `must be positive, got ${t.learningRate}`,
    });
  if (!Number.isInteger(t.seed) || t.seed < 0 || t.seed > 2147483647)
    issues.push({
      field: "training.seed",
      message: `OpenAI seeds are 0 to 2147483647, got ${t.seed}`,
    });
  return issues;
}

/** What OpenAI's methods cannot express: it decides which weights it trains (so only the default,
 *  "lora", passes), and its DPO has a beta but neither IPO nor label smoothing. */
function methodIssues(spec: RunSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const { parameters } = methodOf(spec);
  if (parameters !== "lora")
    issues.push({
      field: "parameters",
      message: `OpenAI decides which weights it trains; "${parameters}" cannot be chosen there. Leave the parameters axis out for OpenAI runs`,
    });
  const data = methodDataIssue(spec);
  if (data) issues.push(data);
  if (spec.dpo && spec.dpo.loss !== "sigmoid")
    issues.push({ field: "dpo.loss", message: `OpenAI's DPO has no "${spec.dpo.loss}" loss` });
  if (spec.dpo && spec.dpo.labelSmoothing !== 0)
    issues.push({
      field: "dpo.labelSmoothing",
      message: "OpenAI's DPO has no label smoothing; set it to 0",
    });
  return issues;
}

/** Turns OpenAI's refusal to create a job (the self-serve wind-down) into a message a person can act on. */
export function explainRefusal(e: unknown): Error | null {
  const err = e as { status?: number; message?: string };
  const msg = err?.message ?? "";
  const refused =
    err?.status === 403 ||
    ((err?.status === 400 || err?.status === 404) &&
      /fine.?tun/i.test(msg) &&
      /(not available|not allowed|no longer|access|permission|organi[sz]ation|deprecat|disabled)/i.test(
        msg,
      ));
  return refused
    ? new Error(
        `OpenAI refused to create the fine-tuning job (HTTP ${err.status}: ${msg}). ${WIND_DOWN_ADVICE}`,
      )
    : null;
}
