// Pure JSONL validation for dataset uploads: every line is checked before anything is stored, and
// each error names the file, the line, the field and the reason. No I/O here, so it is unit-tested
// directly.

import type { DatasetFormat, DatasetSplit } from "@/core/enums";
import { unstorableIssues } from "@/server/schemas/storable";
import { checkMessages, type Err, type Message } from "./check-messages";
import { checkReferences } from "./check-references";
import { checkPreference } from "./parse-preference";

export type { Err, Message };

/** `messages` end with the answer to learn (a preference line's preferred one); `rejected` is a
 *  preference line's non-preferred answer; `references` are more answers to score against. */
export type Example = {
  line: number;
  messages: Message[];
  rejected?: string;
  references?: string[];
};
export type LineError = { file: DatasetSplit; line: number; field: string; reason: string };

export const MAX_REPORTED_ERRORS = 50;

export type ParseResult = {
  format: DatasetFormat | null;
  examples: Example[];
  errors: LineError[];
};

/** Validates one file. `format` forces a format; "auto" takes it from the first valid line. */
export function parseJsonl(
  text: string,
  file: DatasetSplit,
  format: DatasetFormat | "auto" = "auto",
): ParseResult {
  const errors: LineError[] = [];
  const examples: Example[] = [];
  let detected: DatasetFormat | null = format === "auto" ? null : format;
  let detectedOn = 0;
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    if (!raw.trim()) continue;
    const err: Err = (field, reason) => {
      errors.push({ file, line, field, reason });
    };
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      err("(line)", `not valid JSON: ${(e as Error).message}`);
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      err("(line)", "expected a JSON object");
      continue;
    }
    // Escapes such as \u0000 or a lone \ud800 only appear once the line is parsed.
    const unstorable = unstorableIssues(value);
    for (const issue of unstorable) err(fieldName(issue.path), issue.message);
    if (unstorable.length) continue;
    const obj = value as Record<string, unknown>;
    const lineFormat = formatOf(obj);
    if (!lineFormat) {
      err(
        "(line)",
        'expected a "messages" array (chat format), "prompt" and "completion" strings, or "input", "preferred_output" and "non_preferred_output" (preference format)',
      );
      continue;
    }
    if (detected && lineFormat !== detected) {
      const where = detectedOn ? ` (detected on line ${detectedOn})` : "";
      err(
        FIRST_FIELD[lineFormat],
        `this line uses the ${label(lineFormat)} format but the file is ${label(detected)}${where}`,
      );
      continue;
    }
    const before = errors.length;
    const example = CHECKS[lineFormat](obj, err);
    if (!detected) {
      detected = lineFormat;
      detectedOn = line;
    }
    if (errors.length === before && example) examples.push({ line, ...example });
  }
  if (examples.length === 0 && errors.length === 0)
    errors.push({ file, line: 0, field: "(file)", reason: "the file has no examples" });
  return { format: detected, examples, errors };
}

/** ["messages", 1, "content"] → "messages[1].content", as the other line errors name fields. */
const fieldName = (path: (string | number)[]) =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("") || "(line)";

const LABELS: Record<DatasetFormat, string> = {
  chat: "chat (messages)",
  prompt_completion: "prompt/completion",
  preference: "preference (input, preferred_output, non_preferred_output)",
};
const label = (f: DatasetFormat) => LABELS[f];
/** The field a line of each format is recognised by. */
const FIRST_FIELD: Record<DatasetFormat, string> = {
  chat: "messages",
  prompt_completion: "prompt",
  preference: "input",
};

function formatOf(obj: Record<string, unknown>): DatasetFormat | null {
  if ("messages" in obj) return "chat";
  if ("prompt" in obj || "completion" in obj) return "prompt_completion";
  if ("input" in obj || "preferred_output" in obj || "non_preferred_output" in obj)
    return "preference";
  return null;
}

type Checked = { messages: Message[]; rejected?: string; references?: string[] } | null;

const CHECKS: Record<DatasetFormat, (obj: Record<string, unknown>, err: Err) => Checked> = {
  chat: (obj, err) => withReferences(obj, err, checkChat(obj, err)),
  prompt_completion: (obj, err) => withReferences(obj, err, checkPromptCompletion(obj, err)),
  preference: (obj, err) => checkPreference(obj, err),
};

function withReferences(
  obj: Record<string, unknown>,
  err: Err,
  messages: Message[] | null,
): Checked {
  const references = checkReferences(obj.references, err);
  if (!messages || references === null) return null;
  return references ? { messages, references } : { messages };
}

function checkChat(obj: Record<string, unknown>, err: Err): Message[] | null {
  const out = checkMessages(obj.messages, "messages", err);
  if (!out) return null;
  const last = out[out.length - 1]!;
  if (last.role !== "assistant") {
    err(
      `messages[${out.length - 1}].role`,
      'the last message must be the "assistant" answer to learn',
    );
    return null;
  }
  if (!last.content.trim()) {
    err(`messages[${out.length - 1}].content`, "the assistant answer is empty");
    return null;
  }
  if (!out.some((m) => m.role === "user")) {
    err("messages", 'needs at least one "user" message');
    return null;
  }
  return out;
}

function checkPromptCompletion(obj: Record<string, unknown>, err: Err): Message[] | null {
  const { prompt, completion } = obj;
  let ok = true;
  if (typeof prompt !== "string" || !prompt.trim()) {
    ok = false;
    err("prompt", prompt === undefined ? "is missing" : "must be a non-empty string");
  }
  if (typeof completion !== "string" || !completion.trim()) {
    ok = false;
    err("completion", completion === undefined ? "is missing" : "must be a non-empty string");
  }
  if (!ok) return null;
  return [
    { role: "user", content: prompt as string },
    { role: "assistant", content: completion as string },
  ];
}

/** The first MAX_REPORTED_ERRORS errors and how many more there were. */
export function capErrors(
  errors: LineError[],
  max = MAX_REPORTED_ERRORS,
): { errors: LineError[]; more: number } {
  return { errors: errors.slice(0, max), more: Math.max(0, errors.length - max) };
}
