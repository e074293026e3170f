import { z } from "zod";
import { forbidden } from "@/server/errors";
import type { EvalSuite } from "@/server/schemas/experiments";
import { scorerSha256 } from "@/server/services/evaluations/score-custom";
import { checkScorers } from "@/trainers/local/score";

/**
 * A suite's custom scorers, checked and hashed before the experiment is stored. They are code run
 * on the server, so only an admin adds them (in local mode the one person is admin). The worker
 * compiles each one (nothing of it runs): a problem becomes a zod error naming the scorer's code
 * and the line, so the API answers 400 like any other invalid field. Returns the suite with each
 * scorer's sha256, which every score it gives names.
 */
export async function checkSuiteScorers(
  suite: EvalSuite,
  role: string | null | undefined,
): Promise<EvalSuite> {
  const scorers = suite.customScorers ?? [];
  if (!scorers.length) return suite;
  if (role !== "admin")
    throw forbidden("Only an admin can add custom scorers: they run Python code on the server.");
  const issues = await checkScorers(scorers);
  if (issues.length)
    throw new z.ZodError(
      issues.map((i) => ({
        code: "custom" as const,
        path: ["evalSuite", "customScorers", i.scorer, "code"],
        message: i.line === null ? i.message : `line ${i.line}: ${i.message}`,
        input: undefined,
      })),
    );
  return {
    ...suite,
    customScorers: scorers.map((s) => ({
      ...s,
      sha256: scorerSha256(s.code),
    })),
  };
}
