import type { RunsTableColumn } from "@/server/schemas/runs-table";
import { Lru } from "@/server/services/leaderboard/lru";

/**
 * The column list of filtered runs (which keys exist, which vary) costs a pass over every
 * run's hyperparameters and summary: ~0.4 s for 10,000 runs on PostgreSQL, the bulk of a page.
 * It changes only when runs do, so paging, sorting and regrouping reuse it for TTL_MS. Writes in
 * this process (tags, new runs, evaluations) drop every entry at once; another
 * process's writes show within TTL_MS. A stale `varies` only affects the "diff only" hint.
 */
const TTL_MS = 15_000;
const cache = new Lru<string, { at: number; columns: RunsTableColumn[] }>(500);

export async function cachedColumns(
  scopeKey: string,
  filtersKey: string,
  compute: () => Promise<RunsTableColumn[]>,
): Promise<RunsTableColumn[]> {
  const key = `${scopeKey}\u0000${filtersKey}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.columns;
  const columns = await compute();
  cache.set(key, { at: Date.now(), columns });
  return columns;
}

/** Forgets every cached column list (cheap; called after writes that change runs). */
export function invalidateColumns(): void {
  cache.clear();
}
