import { z } from "zod";

// PostgreSQL's text (and jsonb) cannot hold U+0000, and a lone UTF-16 surrogate has no UTF-8 form:
// either one in a query parameter fails the query. Every input is checked against this rule at
// the boundary (tRPC, REST, hooks, sign-in, dataset lines), so such text is a 400 that names the
// field instead of a 500 from the database.

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Objects nested deeper than this are refused before anything walks them. */
export const MAX_INPUT_DEPTH = 64;

/** Why `s` cannot be stored as text (with its line, when it has several), or null. */
export function unstorableReason(s: string): string | null {
  const nul = s.indexOf("\u0000");
  const lone = LONE_SURROGATE.exec(s);
  const surrogate = lone ? lone.index : -1;
  if (nul < 0 && surrogate < 0) return null;
  const at = nul >= 0 && (surrogate < 0 || nul < surrogate) ? nul : surrogate;
  const what =
    at === nul
      ? "contains a NUL character"
      : `contains an unpaired surrogate (U+${s.charCodeAt(at).toString(16).toUpperCase()})`;
  if (!s.includes("\n")) return what;
  return `line ${s.slice(0, at).split("\n").length}: ${what}`;
}

export type StorableIssue = { path: (string | number)[]; message: string };

// Only a string holding one of these characters can be refused: one scan of a clean string (most
// of a big body) instead of the full analysis.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters looked for
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** A value still to look at, linked to its parent so that a path is built only for an issue. */
type Visit = { value: unknown; parent: Visit | null; key: string | number; depth: number };

const pathOf = (v: Visit): (string | number)[] => {
  const path: (string | number)[] = [];
  for (let at: Visit | null = v; at?.parent; at = at.parent) path.push(at.key);
  return path.reverse();
};

/** Every string (object keys included) in `value` that cannot be stored, up to `limit` of them.
 *  Iterative, so hostile nesting cannot overflow the stack. */
export function unstorableIssues(value: unknown, limit = 20): StorableIssue[] {
  const issues: StorableIssue[] = [];
  const stack: Visit[] = [{ value, parent: null, key: "", depth: 0 }];
  // Numbers and clean strings, most of a big body, are never pushed: they hold nothing refused.
  const visit = (parent: Visit, key: string | number, x: unknown) => {
    if (typeof x === "string" ? SUSPECT.test(x) : x !== null && typeof x === "object")
      stack.push({ value: x, parent, key, depth: parent.depth + 1 });
  };
  while (stack.length > 0 && issues.length < limit) {
    const at = stack.pop()!;
    const v = at.value;
    if (typeof v === "string") {
      const why = unstorableReason(v);
      if (why) issues.push({ path: pathOf(at), message: why });
    } else if (v !== null && typeof v === "object") {
      if (at.depth >= MAX_INPUT_DEPTH) {
        issues.push({
          path: pathOf(at),
          message: `is nested more than ${MAX_INPUT_DEPTH} levels deep`,
        });
      } else if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) visit(at, i, v[i]);
      } else {
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--) {
          const k = keys[i]!;
          const why = SUSPECT.test(k) && unstorableReason(k);
          if (why) issues.push({ path: [...pathOf(at), k], message: `the key ${why}` });
          visit(at, k, (v as Record<string, unknown>)[k]);
        }
      }
    }
  }
  return issues;
}

/** The rule as a zod schema: any value, refused when some string in it cannot be stored. */
export const StorableInput = z.unknown().superRefine((value, ctx) => {
  for (const issue of unstorableIssues(value))
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

/** A text field that must be storable (for schemas of single strings). */
export const StorableText = z.string().superRefine((s, ctx) => {
  const why = unstorableReason(s);
  if (why) ctx.addIssue({ code: "custom", message: why });
});

/**
 * A file's bytes as text, decoded as UTF-8 with a fatal decoder: a line with bytes that are not
 * UTF-8 is reported by number (never turned into U+FFFD), and so is a line holding a NUL.
 */
export function decodeTextFile(bytes: Uint8Array): {
  text: string;
  errors: { line: number; reason: string }[];
} {
  const errors: { line: number; reason: string }[] = [];
  const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let text: string | null = null;
  try {
    text = fatal.decode(bytes);
  } catch {
    let start = 0;
    for (let line = 1; start <= bytes.length; line++) {
      let end = bytes.indexOf(0x0a, start);
      if (end < 0) end = bytes.length;
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start, end));
      } catch {
        errors.push({ line, reason: "is not valid UTF-8 (save the file as UTF-8)" });
      }
      start = end + 1;
    }
  }
  if (text !== null)
    text.split("\n").forEach((l, i) => {
      if (l.includes("\u0000")) errors.push({ line: i + 1, reason: "contains a NUL character" });
    });
  return { text: text ?? "", errors };
}
