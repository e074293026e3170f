// Pure JSONL validation for dataset uploads: every line is checked before anything is stored, and
// each error names the file, the line, the field and the reason. No I/O here, so it is unit-tested
// directly.

export type ChatRole = "system" | "user" | "assistant";
export type Message = { role: ChatRole; content: string };
export type Example = { line: number; messages: Message[] };
export type DetectedFormat = "chat" | "prompt_completion";
export type LineError = { file: "train" | "eval"; line: number; field: string; reason: string };

export const MAX_REPORTED_ERRORS = 50;
const ROLES = new Set(["system", "user", "assistant"]);

export type ParseResult = {
  format: DetectedFormat | null;
  examples: Example[];
  errors: LineError[];
};

/** Validates one file. `format` forces a format; "auto" takes it from the first valid line. */
export function parseJsonl(
  text: string,
  file: "train" | "eval",
  format: DetectedFormat | "auto" = "auto",
): ParseResult {
  const errors: LineError[] = [];
  const examples: Example[] = [];
  let detected: DetectedFormat | null = format === "auto" ? null : format;
  let detectedOn = 0;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    const err = (field: string, reason: string) => errors.push({ file, line, field, reason });
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      return err("(line)", `not valid JSON: ${(e as Error).message}`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return err("(line)", "expected a JSON object");
    const obj = value as Record<string, unknown>;
    const lineFormat: DetectedFormat | null =
      "messages" in obj
        ? "chat"
        : "prompt" in obj || "completion" in obj
          ? "prompt_completion"
          : null;
    if (!lineFormat)
      return err(
        "(line)",
        'expected a "messages" array (chat format) or "prompt" and "completion" strings',
      );
    if (detected && lineFormat !== detected) {
      const where = detectedOn ? ` (detected on line ${detectedOn})` : "";
      return err(
        lineFormat === "chat" ? "messages" : "prompt",
        `this line uses the ${label(lineFormat)} format but the file is ${label(detected)}${where}`,
      );
    }
    const before = errors.length;
    const messages = lineFormat === "chat" ? checkChat(obj, err) : checkPromptCompletion(obj, err);
    if (!detected) {
      detected = lineFormat;
      detectedOn = line;
    }
    if (errors.length === before && messages) examples.push({ line, messages });
  });
  if (examples.length === 0 && errors.length === 0)
    errors.push({ file, line: 0, field: "(file)", reason: "the file has no examples" });
  return { format: detected, examples, errors };
}

const label = (f: DetectedFormat) => (f === "chat" ? "chat (messages)" : "prompt/completion");

type Err = (field: string, reason: string) => void;

function checkChat(obj: Record<string, unknown>, err: Err): Message[] | null {
  const messages = obj.messages;
  if (!Array.isArray(messages))
    return (err("messages", "must be an array of {role, content} objects"), null);
  if (messages.length === 0) return (err("messages", "must not be empty"), null);
  const out: Message[] = [];
  let ok = true;
  messages.forEach((m, j) => {
    const at = `messages[${j}]`;
    if (typeof m !== "object" || m === null || Array.isArray(m))
      return ((ok = false), err(at, "must be an object with role and content"));
    const { role, content } = m as Record<string, unknown>;
    if (typeof role !== "string" || !ROLES.has(role))
      return (
        (ok = false),
        err(`${at}.role`, `must be "system", "user" or "assistant", got ${JSON.stringify(role)}`)
      );
    if (typeof content !== "string")
      return (
        (ok = false),
        err(
          `${at}.content`,
          `must be a string, got ${content === undefined ? "nothing" : typeof content}`,
        )
      );
    out.push({ role: role as ChatRole, content });
  });
  if (!ok) return null;
  const last = out[out.length - 1]!;
  if (last.role !== "assistant")
    return (
      err(
        `messages[${out.length - 1}].role`,
        'the last message must be the "assistant" answer to learn',
      ),
      null
    );
  if (!last.content.trim())
    return (err(`messages[${out.length - 1}].content`, "the assistant answer is empty"), null);
  if (!out.some((m) => m.role === "user"))
    return (err("messages", 'needs at least one "user" message'), null);
  return out;
}

function checkPromptCompletion(obj: Record<string, unknown>, err: Err): Message[] | null {
  const { prompt, completion } = obj;
  let ok = true;
  if (typeof prompt !== "string" || !prompt.trim())
    (ok = false), err("prompt", prompt === undefined ? "is missing" : "must be a non-empty string");
  if (typeof completion !== "string" || !completion.trim())
    (ok = false),
      err("completion", completion === undefined ? "is missing" : "must be a non-empty string");
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
