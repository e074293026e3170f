/**
 * Rule scorers: each rule (spec.ts) compiled once per suite into a function that scores one
 * output 0 or 100 and says why it failed. Every check is linear in the output: regexes run on
 * RE2 (re2js), never on backtracking JS RegExp, so a pattern like `(a+)+$` cannot hang on model
 * output.
 */
import { RE2JS } from "re2js";
import { type CorpusScore, meanWithCi } from "../internal/mean-ci";
import { pySplit } from "../internal/python-text";
import { compileJsonSchema } from "./json-schema";
import {
  checkRuleShapes,
  formatRuleIssue,
  type RuleIssue,
  type RuleKind,
  type RuleSpec,
} from "./spec";

export interface RuleResult {
  score: 0 | 100;
  /** Why the output failed; null when it passed. */
  reason: string | null;
}
export interface CompiledRule {
  name: string;
  kind: RuleKind;
  score(output: string): RuleResult;
}

const PASS: RuleResult = { score: 100, reason: null };
const fail = (reason: string): RuleResult => ({ score: 0, reason });
const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

function compileOne(rule: RuleSpec): (output: string) => RuleResult {
  switch (rule.kind) {
    case "contains": {
      const fold = rule.ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
      const value = fold(rule.value);
      const want = !rule.negate;
      return (out) =>
        fold(out).includes(value) === want
          ? PASS
          : fail(`${want ? "does not contain" : "contains"} ${quote(rule.value)}`);
    }
    case "regex": {
      const flags = rule.flags ?? "";
      const re = RE2JS.compile(
        rule.pattern,
        (flags.includes("i") ? RE2JS.CASE_INSENSITIVE : 0) |
          (flags.includes("m") ? RE2JS.MULTILINE : 0) |
          (flags.includes("s") ? RE2JS.DOTALL : 0),
      );
      const want = !rule.negate;
      return (out) =>
        re.test(out) === want
          ? PASS
          : fail(`${want ? "does not match" : "matches"} /${rule.pattern}/`);
    }
    case "validJson":
      return (out) => {
        const parsed = parseJson(out);
        return parsed.ok ? PASS : fail(parsed.reason);
      };
    case "jsonSchema": {
      const validator = compileJsonSchema(rule.schema);
      return (out) => {
        const parsed = parseJson(out);
        if (!parsed.ok) return fail(parsed.reason);
        let why: string | null;
        try {
          why = validator(parsed.value);
        } catch (e) {
          // ajv recurses into the value: hostile nesting can exhaust the stack.
          why = `could not be validated (${(e as Error).message})`;
        }
        return why === null ? PASS : fail(`schema: ${why}`);
      };
    }
    case "lengthBounds": {
      const { unit, min, max } = rule;
      const measure =
        unit === "words"
          ? (s: string) => pySplit(s).length
          : (s: string) => {
              let n = 0;
              for (const _ of s) n++;
              return n;
            };
      return (out) => {
        const n = measure(out);
        if (min !== undefined && n < min) return fail(`${n} ${unit}, fewer than ${min}`);
        if (max !== undefined && n > max) return fail(`${n} ${unit}, more than ${max}`);
        return PASS;
      };
    }
  }
}

function parseJson(s: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch (e) {
    return { ok: false, reason: `not valid JSON (${(e as Error).message})` };
  }
}

/** Shape check, then each pattern and schema compiled (once); issues name the failing field. */
function build(rules: unknown): { issues: RuleIssue[]; compiled: CompiledRule[] } {
  const issues = checkRuleShapes(rules);
  const compiled: CompiledRule[] = [];
  if (issues.length > 0) return { issues, compiled };
  (rules as RuleSpec[]).forEach((rule, i) => {
    try {
      compiled.push({ name: rule.name, kind: rule.kind, score: compileOne(rule) });
    } catch (e) {
      const field = rule.kind === "regex" ? "pattern" : "schema";
      const what = rule.kind === "regex" ? "not a valid RE2 pattern" : "not a valid JSON Schema";
      issues.push({ path: [i, field], message: `${what}: ${(e as Error).message}` });
    }
  });
  return { issues, compiled };
}

/** Every problem in a rule list, its shape and then its patterns and schemas; [] when valid. */
export function checkRules(rules: unknown): RuleIssue[] {
  return build(rules).issues;
}

/** Checks and compiles a suite's rules once; throws a TypeError naming every problem. */
export function compileRules(rules: unknown): CompiledRule[] {
  const { issues, compiled } = build(rules);
  if (issues.length > 0) throw new TypeError(issues.map(formatRuleIssue).join("; "));
  return compiled;
}

/** Per-sample 0/100 scores of every rule, and their means (pass rates, 0–100) with bootstrap CIs. */
export function scoreRules(
  rules: CompiledRule[],
  outputs: string[],
  options: { nSamples?: number; seed?: number } = {},
): { perSample: Record<string, number[]>; corpus: Record<string, CorpusScore> } {
  if (!Array.isArray(outputs) || outputs.length === 0)
    throw new RangeError("scoreRules: empty eval set (no outputs)");
  outputs.forEach((o, i) => {
    if (typeof o !== "string") throw new TypeError(`scoreRules: outputs[${i}] must be a string`);
  });
  const nSamples = options.nSamples ?? 1000;
  const seed = options.seed ?? 12345;
  const perSample: Record<string, number[]> = {};
  const corpus: Record<string, CorpusScore> = {};
  for (const rule of rules) {
    const scores = outputs.map((o) => rule.score(o).score);
    perSample[rule.name] = scores;
    corpus[rule.name] = meanWithCi(scores, nSamples, seed, `${rule.kind}|scale:0-100`);
  }
  return { perSample, corpus };
}
