import { projects } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import type { Db } from "@/server/db";
import { uploadDataset } from "@/server/services/datasets";

/** A project and a context acting in it, for service tests. */
export async function makeProjectCtx(db: Db, slug = "test"): Promise<DomainCtx> {
  const [project] = await db.insert(projects).values({ slug, name: slug }).returning();
  return { db, projectId: project!.id, user: null };
}

const MONTHS =
  "January February March April May June July August September October November December".split(
    " ",
  );

/** Deterministic date-format examples: "2024-03-07" → "7 March 2024". */
export function dateExamples(n: number, start = 0): { prompt: string; completion: string }[] {
  return Array.from({ length: n }, (_, k) => {
    const i = start + k;
    const y = 2000 + ((i * 7) % 30),
      m = (i * 5) % 12,
      d = 1 + ((i * 11) % 28);
    return {
      prompt: `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
      completion: `${d} ${MONTHS[m]} ${y}`,
    };
  });
}

export const toChatJsonl = (rows: { prompt: string; completion: string }[]) =>
  `${rows
    .map((r) =>
      JSON.stringify({
        messages: [
          { role: "user", content: r.prompt },
          { role: "assistant", content: r.completion },
        ],
      }),
    )
    .join("\n")}\n`;

/** Date examples as OpenAI preference lines: the right answer preferred over an ISO echo. */
export const toPreferenceJsonl = (rows: { prompt: string; completion: string }[]) =>
  `${rows
    .map((r) =>
      JSON.stringify({
        input: { messages: [{ role: "user", content: r.prompt }] },
        preferred_output: [{ role: "assistant", content: r.completion }],
        non_preferred_output: [{ role: "assistant", content: r.prompt }],
      }),
    )
    .join("\n")}\n`;

/** Uploads "dates" (20 date examples to train on, `evalRows` to evaluate on): its version id. */
export async function uploadDates(
  ctx: DomainCtx,
  evalRows: { prompt: string; completion: string }[],
): Promise<string> {
  const input = {
    name: "dates",
    trainJsonl: toChatJsonl(dateExamples(20)),
    evalJsonl: toChatJsonl(evalRows),
  };
  return (await uploadDataset({ ctx, input })).versionId;
}
