import { z } from "zod";
import { EVAL_METRICS, RULE_KINDS } from "../../core/enums";
import { JUDGE_NAME } from "./judges";

/**
 * Rule scorers in an eval suite: the shapes evals/rules scores (its RuleSpec). This checks the
 * fields where the form and the API can name them; whether a pattern is RE2 syntax and a schema a
 * JSON Schema is decided on the server by evals' checkRules (server/services/experiments/
 * check-suite.ts), as only the server loads RE2 and ajv.
 */
export const RULE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const MAX_TEXT = 10_000;

const name = z
  .string()
  .regex(
    RULE_NAME,
    "name must start with a letter and use only letters, digits, _ . - (64 at most)",
  );
const text = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, `${what} must not be empty`)
    .max(MAX_TEXT, `${what} is longer than ${MAX_TEXT} characters`);
const bound = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be 0 or more`)
    .max(Number.MAX_SAFE_INTEGER)
    .optional();

export const RuleSpec = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("contains"),
      name,
      value: text("value"),
      ignoreCase: z.boolean().optional(),
      negate: z.boolean().optional(),
    }),
    z.strictObject({
      kind: z.literal("regex"),
      name,
      pattern: text("pattern"),
      flags: z
        .string()
        .refine(
          (f) => /^[ims]{0,3}$/.test(f) && new Set(f).size === f.length,
          'flags must be distinct letters among "i", "m", "s"',
        )
        .optional(),
      negate: z.boolean().optional(),
    }),
    z.strictObject({ kind: z.literal("validJson"), name }),
    z.strictObject({
      kind: z.literal("jsonSchema"),
      name,
      schema: z.union([z.record(z.string(), z.unknown()), z.boolean()], {
        error: "schema must be a JSON Schema object (or true/false)",
      }),
    }),
    z
      .strictObject({
        kind: z.literal("lengthBounds"),
        name,
        unit: z.enum(["characters", "words"], { error: 'unit must be "characters" or "words"' }),
        min: bound("min"),
        max: bound("max"),
      })
      .refine((r) => r.min !== undefined || r.max !== undefined, {
        message: "give min, max or both",
        path: ["min"],
      })
      .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
        message: "max is below min",
        path: ["max"],
      }),
  ],
  { error: `kind must be one of ${RULE_KINDS.join(", ")}` },
);
export type RuleSpec = z.infer<typeof RuleSpec>;

export const Rules = z
  .array(RuleSpec)
  .max(50, "At most 50 rules")
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.name))
        ctx.addIssue({
          code: "custom",
          message: `two rules are named ${JSON.stringify(r.name)}`,
          path: [i, "name"],
        });
      seen.add(r.name);
    });
  });

/** A rule's metric name, as suites, gates, scores and the leaderboard call it. */
export const ruleMetric = (ruleName: string): RuleMetric => `rule:${ruleName}`;
export type RuleMetric = `rule:${string}`;

export const EvalMetric = z.enum(EVAL_METRICS);
export type EvalMetric = z.infer<typeof EvalMetric>;

/** Any metric a suite can compute: a built-in one, one of its rules as "rule:<name>", or one of
 *  its single-mode judges as "judge:<name>". */
export const SuiteMetric = z.union(
  [
    EvalMetric,
    z.templateLiteral(["rule:", z.string().regex(RULE_NAME)]),
    z.templateLiteral(["judge:", z.string().regex(JUDGE_NAME)]),
  ],
  {
    error: `a metric is one of ${EVAL_METRICS.join(", ")}, rule:<name> of one of the suite's rules, or judge:<name> of one of its single-mode judges (not a custom scorer: a sample it fails on has no score, and the paired tests need one on every sample)`,
  },
);
export type SuiteMetric = z.infer<typeof SuiteMetric>;
