import { z } from "zod";
import { checkRules } from "@/evals";
import type { EvalSuite } from "@/server/schemas/experiments";

/**
 * What the suite's zod schema cannot check where the browser runs it: that every regex is RE2
 * syntax and every JSON Schema compiles (evals' checkRules, with RE2 and ajv). A problem becomes
 * a zod error naming the field ("evalSuite.rules.2.pattern"), so the API answers 400 like any
 * other invalid field.
 */
export function checkSuiteRules(suite: EvalSuite, path: (string | number)[] = ["evalSuite"]) {
  const issues = checkRules(suite.rules ?? []);
  if (issues.length)
    throw new z.ZodError(
      issues.map((i) => ({
        code: "custom" as const,
        path: [...path, "rules", ...i.path],
        message: i.message,
        input: undefined,
      })),
    );
}
