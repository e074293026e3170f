/**
 * Rule scorers as data: what an eval suite lists, e.g. `{ kind: "regex", name: "cites", pattern:
 * "\\[\\d+\\]" }`, and the zod-free check of such a list. The check compiles every pattern and
 * schema, so a bad one is reported when the suite is validated, not when outputs are scored.
 */

export const RULE_KINDS = ["contains", "regex", "validJson", "jsonSchema", "lengthBounds"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

interface RuleBase {
  /** The per-sample score's key: a letter, then letters, digits, "_", "." or "-" (64 at most). */
  name: string;
}
/** 100 when the output contains `value` (or, with `negate`, when it does not). */
export interface ContainsRule extends RuleBase {
  kind: "contains";
  value: string;
  /** Compare both sides after Unicode lowercasing (toLowerCase; "ß" does not become "ss"). */
  ignoreCase?: boolean;
  negate?: boolean;
}
/** 100 when RE2 `pattern` matches somewhere in the output (anchor with ^…$ for a full match). */
export interface RegexRule extends RuleBase {
  kind: "regex";
  pattern: string;
  /** Any of "i" (ignore case), "m" (^ and $ at line ends), "s" (. matches a newline). */
  flags?: string;
  negate?: boolean;
}
/** 100 when the whole output is one JSON value (JSON.parse; surrounding whitespace allowed). */
export interface ValidJsonRule extends RuleBase {
  kind: "validJson";
}
/** 100 when the output is JSON that the schema (draft 2020-12 unless `$schema` says otherwise) accepts. */
export interface JsonSchemaRule extends RuleBase {
  kind: "jsonSchema";
  schema: Record<string, unknown> | boolean;
}
/** 100 when the output's length is within [min, max] (inclusive; either may be left out). */
export interface LengthBoundsRule extends RuleBase {
  kind: "lengthBounds";
  /** characters: Unicode code points; words: runs of non-whitespace (Python's str.split()). */
  unit: "characters" | "words";
  min?: number;
  max?: number;
}
export type RuleSpec = ContainsRule | RegexRule | ValidJsonRule | JsonSchemaRule | LengthBoundsRule;

/** One problem in a rule list; `path` starts at the list (e.g. [2, "pattern"]). */
export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

export const MAX_RULES = 50;
export const MAX_TEXT = 10_000;
export const MAX_SCHEMA_CHARS = 100_000;
const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

const FIELDS: Record<RuleKind, readonly string[]> = {
  contains: ["value", "ignoreCase", "negate"],
  regex: ["pattern", "flags", "negate"],
  validJson: [],
  jsonSchema: ["schema"],
  lengthBounds: ["unit", "min", "max"],
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Infinity for what is not JSON data (cycles, BigInt). */
function jsonLength(v: unknown): number {
  try {
    return JSON.stringify(v).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** The shape of each rule; the compiler (compile.ts) adds pattern and schema errors. */
export function checkRuleShapes(rules: unknown): RuleIssue[] {
  if (!Array.isArray(rules)) return [{ path: [], message: "rules must be an array" }];
  if (rules.length > MAX_RULES)
    return [{ path: [], message: `at most ${MAX_RULES} rules, got ${rules.length}` }];
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  for (const [i, rule] of rules.entries()) {
    const bad = (field: string | null, message: string) => {
      issues.push({ path: field === null ? [i] : [i, field], message });
    };
    if (!isObject(rule)) {
      bad(null, "a rule must be an object");
      continue;
    }
    const kind = rule.kind as RuleKind;
    if (!RULE_KINDS.includes(kind)) {
      bad("kind", `kind must be one of ${RULE_KINDS.join(", ")}, got ${JSON.stringify(rule.kind)}`);
      continue;
    }
    if (typeof rule.name !== "string" || !NAME.test(rule.name))
      bad("name", "name must start with a letter and use only letters, digits, _ . - (64 at most)");
    else if (seen.has(rule.name)) bad("name", `two rules are named ${JSON.stringify(rule.name)}`);
    else seen.add(rule.name);
    for (const key of Object.keys(rule)) {
      if (key !== "kind" && key !== "name" && !FIELDS[kind].includes(key))
        bad(
          key,
          `unknown field for a ${kind} rule; allowed: kind, name, ${FIELDS[kind].join(", ")}`,
        );
    }
    for (const flag of ["ignoreCase", "negate"]) {
      if (rule[flag] !== undefined && typeof rule[flag] !== "boolean")
        bad(flag, `${flag} must be true or false`);
    }
    const text = (field: string) => {
      const v = rule[field];
      if (typeof v !== "string" || v.length === 0)
        bad(field, `${field} must be a non-empty string`);
      else if (v.length > MAX_TEXT) bad(field, `${field} is longer than ${MAX_TEXT} characters`);
    };
    if (kind === "contains") text("value");
    if (kind === "regex") {
      text("pattern");
      const flags = rule.flags;
      const valid =
        typeof flags === "string" &&
        /^[ims]{0,3}$/.test(flags) &&
        new Set(flags).size === flags.length;
      if (flags !== undefined && !valid)
        bad("flags", 'flags must be a string of distinct letters among "i", "m", "s"');
    }
    if (kind === "jsonSchema") {
      if (!isObject(rule.schema) && typeof rule.schema !== "boolean")
        bad("schema", "schema must be a JSON Schema object (or true/false)");
      else if (jsonLength(rule.schema) > MAX_SCHEMA_CHARS)
        bad("schema", `schema must be JSON data of at most ${MAX_SCHEMA_CHARS} characters`);
    }
    if (kind === "lengthBounds") {
      if (rule.unit !== "characters" && rule.unit !== "words")
        bad("unit", 'unit must be "characters" or "words"');
      for (const b of ["min", "max"]) {
        const v = rule[b];
        if (v !== undefined && (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0))
          bad(b, `${b} must be a whole number ≥ 0`);
      }
      if (rule.min === undefined && rule.max === undefined) bad("min", "give min, max or both");
      else if (typeof rule.min === "number" && typeof rule.max === "number" && rule.min > rule.max)
        bad("max", `max (${rule.max}) is below min (${rule.min})`);
    }
  }
  return issues;
}

/** "rules[2].pattern: …", as the errors of the rest of evals/ name where a problem is. */
export const formatRuleIssue = (issue: RuleIssue) =>
  `rules${issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}: ${issue.message}`;
