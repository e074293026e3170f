import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "@/drizzle/schema";
import { reviewItems } from "@/drizzle/schema";
import { mulberry32 } from "@/evals/rng";
import type { Ctx } from "@/server/ctx";
import type { Db } from "@/server/db";
import { createCaller } from "@/server/root";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { type Seeded, seedExperiment } from "@/tests/server/services/reviews/fixtures";

/**
 * 50 reviewers work pairwise campaigns at once, as fast as they can, for REVIEW_SOAK_SECONDS
 * (default 60), one campaign after another. Along the way they abandon reservations (which
 * expire and are reclaimed by others, and whose late votes must be refused), go back and change
 * votes, and skip. After each campaign: no slot filled twice, no acknowledged vote missing, and
 * every item has exactly reviewersPerItem current votes. On PostgreSQL every reviewer has its own
 * connection, so the claims really race.
 */
const REVIEWERS = 50;
const PER_ITEM = 3;
const SOAK_MS = Number(process.env.REVIEW_SOAK_SECONDS ?? 60) * 1000;

describe("50 concurrent reviewers", () => {
  let t: TestDb;
  let member: Ctx;
  let seeded: Seeded;
  let reviewers: Ctx[];
  const pools: pg.Pool[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    member = await createTestCtx(t.db, { role: "member" });
    const n = 60;
    seeded = await seedExperiment(
      t.db,
      member.projectId!,
      ["a", "b", "c", "d"].map((name) => ({
        name,
        scores: Array.from({ length: n }, (_, i) => (i % 2) * 100),
      })),
    );
    const users = await Promise.all(
      Array.from({ length: REVIEWERS }, () => createTestCtx(t.db, { role: "reviewer" })),
    );
    reviewers = users.map((ctx) => {
      if (t.kind !== "postgres") return ctx;
      const pool = new pg.Pool({ connectionString: t.url, max: 1 });
      pools.push(pool);
      return { ...ctx, db: drizzle(pool, { schema, casing: "snake_case" }) as unknown as Db };
    });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await t.close();
  });

  it(
    "fills every slot once and loses no vote",
    async () => {
      const started = Date.now();
      let rounds = 0;
      const totals = { votes: 0, revotes: 0, skips: 0, abandoned: 0, lateRefused: 0 };
      do {
        const { id: campaignId, items } = await createCaller(member).reviews.create({
          experimentId: seeded.experimentId,
          name: `soak ${rounds}`,
          mode: "pairwise",
          runIds: seeded.runIds,
          sampleSize: 40,
          pairing: "balanced",
          sampling: { kind: "random", seed: rounds },
          reviewersPerItem: PER_ITEM,
          guidelines: "",
          reviewerIds: reviewers.map((r) => r.user!.id),
        });
        const acknowledged = new Set<string>();
        const expire = (token: string) =>
          t.db.execute(
            sql`UPDATE review_slots SET expires_at = now() - interval '1 second' WHERE token = ${token}`,
          );
        const filled = async () =>
          Number(
            (
              await t.db.execute<{ n: number }>(
                sql`SELECT count(*)::int AS n FROM review_slots WHERE campaign_id = ${campaignId} AND filled_at IS NULL`,
              )
            ).rows[0]!.n,
          ) === 0;

        await Promise.all(
          reviewers.map(async (ctx, r) => {
            const rand = mulberry32(1000 * rounds + r);
            const c = createCaller(ctx).reviews;
            let tag = 0;
            const reason = () => `r${r}-${tag++}`;
            let cur = await c.next({ campaignId });
            for (;;) {
              if (!cur) {
                if (await filled()) return;
                await new Promise((res) => setTimeout(res, 5 + rand() * 20)); // others may abandon work
                cur = await c.next({ campaignId });
                continue;
              }
              const dice = rand();
              if (dice < 0.04) {
                // Walk away: the reservation expires, someone else may take it, the late vote must fail.
                totals.abandoned++;
                await expire(cur.slot);
                await new Promise((res) => setTimeout(res, 20 + rand() * 60));
                const late = reason();
                const ok = await c
                  .vote({ slot: cur.slot, pairwise: { choice: "A", reason: late } })
                  .then(
                    () => true,
                    (e: { code?: string }) => {
                      expect(["NOT_FOUND", "CONFLICT"]).toContain(e.code);
                      return false;
                    },
                  );
                if (ok) acknowledged.add(late);
                else totals.lateRefused++;
                cur = await c.next({ campaignId });
              } else if (dice < 0.07) {
                totals.skips++;
                cur = await c.skip({ slot: cur.slot });
              } else if (dice < 0.12) {
                const reopened = await c.back({ campaignId });
                if (reopened) {
                  const tagged = reason();
                  await c.vote({
                    slot: reopened.slot,
                    pairwise: { choice: "both_bad", reason: tagged },
                  });
                  acknowledged.add(tagged);
                  totals.revotes++;
                }
                cur = await c.next({ campaignId });
              } else {
                const tagged = reason();
                cur = await c.vote({
                  slot: cur.slot,
                  pairwise: { choice: dice < 0.5 ? "A" : dice < 0.9 ? "B" : "tie", reason: tagged },
                });
                acknowledged.add(tagged);
                totals.votes++;
              }
            }
          }),
        );

        const q = async <T extends Record<string, unknown>>(s: ReturnType<typeof sql>) =>
          (await t.db.execute<T>(s)).rows;
        // No slot filled twice: every version of a slot's vote is by one reviewer, at most one current.
        expect(
          await q(
            sql`SELECT slot_id FROM review_votes WHERE campaign_id = ${campaignId} GROUP BY slot_id HAVING count(DISTINCT reviewer_id) > 1 OR count(*) FILTER (WHERE is_current) > 1`,
          ),
        ).toEqual([]);
        // No reviewer has two current votes on one item.
        expect(
          await q(
            sql`SELECT item_id FROM review_votes WHERE campaign_id = ${campaignId} AND is_current GROUP BY item_id, reviewer_id HAVING count(*) > 1`,
          ),
        ).toEqual([]);
        // Every item has exactly reviewersPerItem current votes.
        const perItem = await q<{ n: number }>(
          sql`SELECT count(v.id)::int AS n FROM review_items i LEFT JOIN review_votes v ON v.item_id = i.id AND v.is_current WHERE i.campaign_id = ${campaignId} GROUP BY i.id`,
        );
        expect(perItem).toHaveLength(items);
        expect(perItem.filter((x) => Number(x.n) !== PER_ITEM)).toEqual([]);
        // Every acknowledged vote is stored.
        const stored = new Set(
          (
            await q<{ reason: string }>(
              sql`SELECT reason FROM review_votes WHERE campaign_id = ${campaignId}`,
            )
          ).map((x) => x.reason),
        );
        expect([...acknowledged].filter((a) => !stored.has(a))).toEqual([]);
        expect(await t.db.$count(reviewItems, eq(reviewItems.campaignId, campaignId))).toBe(items);
        rounds++;
      } while (Date.now() - started < SOAK_MS);
      console.log(
        `[reviews-concurrency] ${t.kind}: ${rounds} campaigns in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        totals,
      );
      expect(totals.abandoned).toBeGreaterThan(0);
      expect(totals.revotes).toBeGreaterThan(0);
    },
    SOAK_MS + 300_000,
  );
});
