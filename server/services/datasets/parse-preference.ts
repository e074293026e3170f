// One line of OpenAI's preference fine-tuning JSONL, checked as the local worker checks it
// (trainers/local/worker/preference.py), so a stored preference dataset always trains:
//   {"input": {"messages": [...], "tools": [], "parallel_tool_calls": true},
//    "preferred_output": [{"role": "assistant", "content": "..."}],
//    "non_preferred_output": [{"role": "assistant", "content": "..."}]}

import { checkMessages, type Err, type Message } from "./check-messages";

const TOP_KEYS = ["input", "preferred_output", "non_preferred_output"];
const INPUT_KEYS = ["messages", "tools", "parallel_tool_calls"];

function unknownKeys(obj: Record<string, unknown>, allowed: string[], at: string, err: Err) {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  for (const k of extra)
    err(at ? `${at}.${k}` : k, `is not a preference field (allowed: ${allowed.join(", ")})`);
  return extra.length === 0;
}

/** The one assistant answer in `field`, or null after reporting why not. */
function answer(value: unknown, field: string, err: Err): string | null {
  if (!Array.isArray(value) || value.length !== 1) {
    err(field, 'must hold exactly one {"role": "assistant", "content": "..."} message');
    return null;
  }
  const [m] = checkMessages(value, field, err) ?? [];
  if (!m) return null;
  if (m.role !== "assistant") {
    err(`${field}[0].role`, `must be "assistant", got "${m.role}"`);
    return null;
  }
  if (!m.content.trim()) {
    err(`${field}[0].content`, "the answer is empty");
    return null;
  }
  return m.content;
}

/** The prompt followed by the preferred answer, and the non-preferred answer. */
export function checkPreference(
  obj: Record<string, unknown>,
  err: Err,
): { messages: Message[]; rejected: string } | null {
  let ok = unknownKeys(obj, TOP_KEYS, "", err);
  const input = obj.input;
  let prompt: Message[] | null = null;
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    err("input", input === undefined ? "is missing" : "must be an object with messages");
    ok = false;
  } else {
    const inp = input as Record<string, unknown>;
    ok = unknownKeys(inp, INPUT_KEYS, "input", err) && ok;
    if (inp.tools !== undefined && !(Array.isArray(inp.tools) && inp.tools.length === 0)) {
      err("input.tools", "must be empty: tool calling is not trained");
      ok = false;
    }
    if (inp.parallel_tool_calls !== undefined && typeof inp.parallel_tool_calls !== "boolean") {
      err("input.parallel_tool_calls", "must be true or false");
      ok = false;
    }
    prompt = checkMessages(inp.messages, "input.messages", err);
    const last = prompt?.[prompt.length - 1];
    if (last && last.role !== "user") {
      err(`input.messages[${prompt!.length - 1}].role`, 'the last message must be the "user" one');
      prompt = null;
    }
  }
  const chosen = answer(obj.preferred_output, "preferred_output", err);
  const rejected = answer(obj.non_preferred_output, "non_preferred_output", err);
  if (!ok || !prompt || chosen === null || rejected === null) return null;
  return { messages: [...prompt, { role: "assistant", content: chosen }], rejected };
}
