import type { Role } from "@/core/enums";
import { type DomainCtx, projectOf } from "@/server/ctx";
import type { EvalSuite } from "@/server/schemas/experiments";
import type { TrainingBackend } from "@/trainers";
import { checkSuiteLikelihood } from "./check-suite-likelihood";
import { checkSuiteRules } from "./check-suite-rules";
import { checkSuiteScorers } from "./check-suite-scorers";
import { resolveSuiteJudges } from "./resolve-suite-judges";

/**
 * What an eval suite needs checked on the server before it is stored, wherever a suite is set
 * (creating an experiment, or giving an MLflow-made one its suite): rules compile (RE2, ajv),
 * custom scorers compile and come from an admin, the backend can compute perplexity, the judges
 * exist. Returns the suite to store: scorers hashed, judges pinned to their name and version.
 */
export async function checkSuite(
  ctx: DomainCtx & { role?: Role | null },
  suite: EvalSuite,
  backend: TrainingBackend,
): Promise<EvalSuite> {
  checkSuiteRules(suite);
  const hashed = await checkSuiteScorers(suite, ctx.role);
  await checkSuiteLikelihood(ctx.db, { projectId: projectOf(ctx), suite, backend });
  return resolveSuiteJudges(ctx, hashed);
}
