import { CHAT_ROLES, type ChatRole } from "@/core/enums";

// The messages check shared by chat lines (parse-jsonl.ts) and preference lines
// (parse-preference.ts), in a file of its own so neither imports the other.

export type Message = { role: ChatRole; content: string };
export type Err = (field: string, reason: string) => void;

const ROLES = new Set<string>(CHAT_ROLES);

/** A non-empty array of {role, content} text messages at `at`, each problem named by its index. */
export function checkMessages(messages: unknown, at: string, err: Err): Message[] | null {
  if (!Array.isArray(messages)) {
    err(at, "must be an array of {role, content} objects");
    return null;
  }
  if (messages.length === 0) {
    err(at, "must not be empty");
    return null;
  }
  const out: Message[] = [];
  let ok = true;
  for (const [j, m] of messages.entries()) {
    const here = `${at}[${j}]`;
    if (typeof m !== "object" || m === null || Array.isArray(m)) {
      ok = false;
      err(here, "must be an object with role and content");
      continue;
    }
    const { role, content } = m as Record<string, unknown>;
    if (typeof role !== "string" || !ROLES.has(role)) {
      ok = false;
      err(`${here}.role`, `must be "system", "user" or "assistant", got ${JSON.stringify(role)}`);
      continue;
    }
    if (typeof content !== "string") {
      ok = false;
      err(
        `${here}.content`,
        `must be a string, got ${content === undefined ? "nothing" : typeof content}`,
      );
      continue;
    }
    out.push({ role: role as ChatRole, content });
  }
  return ok ? out : null;
}
