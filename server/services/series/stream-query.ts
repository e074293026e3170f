import { badRequest } from "@/server/errors";
import { StreamQuery } from "@/server/schemas/series";

const list = (v: string | null) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** runIds=a,b&names=train/loss,eval/loss&after=a:120,b:80&x=step → StreamQuery. */
export function parseStreamQuery(url: URL): StreamQuery {
  const after: Record<string, number> = {};
  for (const item of list(url.searchParams.get("after"))) {
    const at = item.lastIndexOf(":");
    const step = Number(item.slice(at + 1));
    if (at <= 0 || !Number.isInteger(step))
      throw badRequest(`after: "${item}" is not <runId>:<step>.`);
    after[item.slice(0, at)] = step;
  }
  return StreamQuery.parse({
    runIds: list(url.searchParams.get("runIds")),
    names: list(url.searchParams.get("names")),
    after,
    x: url.searchParams.get("x") ?? undefined,
  });
}
