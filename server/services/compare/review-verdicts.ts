import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import { intArray } from "@/server/services/ingest/pg-array";

export type SampleVerdict = {
  verdict: "a_better" | "b_better" | "tie" | "both_bad" | "split";
  votes: number;
};

/**
 * Human pairwise verdicts (current votes of review campaigns, server/services/reviews) on the
 * given eval items for the pair (a, b), from a's side: "a_better" means reviewers preferred a's
 * output. The verdict is the most common outcome ("split" on a tie between outcomes).
 */
export async function reviewVerdicts(
  db: Db,
  a: string,
  b: string,
  idxs: number[],
): Promise<Map<number, SampleVerdict>> {
  const out = new Map<number, SampleVerdict>();
  if (idxs.length === 0) return out;
  const { rows } = await db.execute<{ idx: number; outcome: string; n: number | string }>(sql`
    SELECT i.sample_idx AS idx,
      CASE WHEN v.outcome::text IN ('tie', 'both_bad') THEN v.outcome::text
           WHEN (v.outcome::text = 'a') = (i.run_a = ${a}) THEN 'a_better' ELSE 'b_better' END AS outcome,
      count(*) AS n
    FROM review_items i JOIN review_votes v ON v.item_id = i.id AND v.is_current AND v.outcome IS NOT NULL
    WHERE ((i.run_a = ${a} AND i.run_b = ${b}) OR (i.run_a = ${b} AND i.run_b = ${a})) AND i.sample_idx = ANY(${intArray(idxs)})
    GROUP BY 1, 2`);
  const byIdx = new Map<number, Map<string, number>>();
  for (const r of rows)
    (byIdx.get(r.idx) ?? byIdx.set(r.idx, new Map()).get(r.idx)!).set(r.outcome, Number(r.n));
  for (const [idx, counts] of byIdx) {
    const sorted = [...counts].sort((x, y) => y[1] - x[1]);
    const votes = sorted.reduce((s, [, n]) => s + n, 0);
    const verdict =
      sorted.length > 1 && sorted[0]![1] === sorted[1]![1]
        ? "split"
        : (sorted[0]![0] as SampleVerdict["verdict"]);
    out.set(idx, { verdict, votes });
  }
  return out;
}
