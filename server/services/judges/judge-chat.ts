import type { judgeVersions } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { badRequest } from "@/server/errors";
import { backendSettings } from "@/server/services/settings/project-backend";
import { createLocalJudgeChat } from "@/trainers/judges/local-chat";
import { createOpenAIJudgeChat } from "@/trainers/judges/openai-chat";
import type { JudgeChat } from "@/trainers/judges/types";

/** Options tests and benchmarks set; the defaults serve the app. */
export type JudgeChatOptions = { concurrency?: number; sleep?: (ms: number) => Promise<void> };

/** What answers a version's prompts: the project's OpenAI-compatible endpoint, with its key read
 *  here on the server (never sent to the browser), or the local worker. */
export async function judgeChat(
  ctx: DomainCtx,
  version: typeof judgeVersions.$inferSelect,
  o: JudgeChatOptions = {},
): Promise<JudgeChat> {
  const fromEnv = Number(process.env.TUNEBENCH_JUDGE_CONCURRENCY);
  const concurrency =
    o.concurrency ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined);
  try {
    switch (version.provider) {
      case "openai-compatible": {
        const settings = await backendSettings(ctx.db, projectOf(ctx), "openai");
        return createOpenAIJudgeChat({
          settings: settings.openai ?? {},
          model: version.model,
          ...(version.pricing
            ? {
                price: {
                  input: version.pricing.inputUsdPerMTok,
                  output: version.pricing.outputUsdPerMTok,
                },
              }
            : {}),
          ...o,
          ...(concurrency ? { concurrency } : {}),
        });
      }
      case "local":
        return createLocalJudgeChat({
          model: version.model,
          ...(concurrency ? { batchSize: concurrency } : {}),
        });
      default: {
        const never: never = version.provider;
        throw new Error(`unknown judge provider ${String(never)}`);
      }
    }
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}
