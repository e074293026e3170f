import { z } from "zod";

const Limits = z.object({
  TUNEBENCH_ATTACH_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 2 ** 30),
  TUNEBENCH_ATTACH_MAX_FILES: z.coerce.number().int().positive().default(10_000),
});

/** How much an attached adapter or model folder may hold, uploaded or fetched from S3: 20 GiB
 *  (a 7B model in bf16 with room to spare) and 10,000 files unless the operator says otherwise. */
export function attachLimits(env: Record<string, string | undefined> = process.env) {
  const e = Limits.parse({
    TUNEBENCH_ATTACH_MAX_BYTES: env.TUNEBENCH_ATTACH_MAX_BYTES || undefined,
    TUNEBENCH_ATTACH_MAX_FILES: env.TUNEBENCH_ATTACH_MAX_FILES || undefined,
  });
  return { maxBytes: e.TUNEBENCH_ATTACH_MAX_BYTES, maxFiles: e.TUNEBENCH_ATTACH_MAX_FILES };
}
export type AttachLimits = ReturnType<typeof attachLimits>;

/** A refusal of what was attached (a hostile or malformed archive, a folder that is neither an
 *  adapter nor a model): the caller turns it into a 400 and nothing of it is kept. */
export class AttachProblem extends Error {
  override readonly name = "AttachProblem";
}
