import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewItems, reviewSlots, reviewVotes } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { createCaller } from "@/server/root";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { RUBRIC, type Seeded, seedExperiment } from "./fixtures";

const RUN_NAMES = ["run-zx81-alpha", "run-qv52-bravo", "run-kk07-charlie"];
const EXPERIMENT = "exp-hidden-9931";
const BASE_MODEL = "vendor/model-secret-4471";

describe("review queue: next, vote, skip, back", () => {
  let t: TestDb;
  let member: Ctx, r1: Ctx, r2: Ctx, r3: Ctx, unassigned: Ctx;
  let seeded: Seeded;
  const seen: unknown[] = []; // every reviewer-facing response, for the blind check
  const as = (ctx: Ctx) => {
    const c = createCaller(ctx).reviews;
    const log = <T>(p: Promise<T>) =>
      p.then((v) => {
        seen.push(v);
        return v;
      });
    return {
      list: () => log(c.list({})),
      guidelines: (campaignId: string) => log(c.guidelines({ campaignId })),
      next: (campaignId: string) => log(c.next({ campaignId })),
      vote: (input: Parameters<typeof c.vote>[0]) => log(c.vote(input)),
      skip: (slot: string) => log(c.skip({ slot })),
      back: (campaignId: string) => log(c.back({ campaignId })),
    };
  };
  const expire = (token: string) =>
    t.db.execute(
      sql`UPDATE review_slots SET expires_at = now() - interval '1 second' WHERE token = ${token}`,
    );
  const campaign = async (over: Record<string, unknown> = {}) =>
    (
      await createCaller(member).reviews.create({
        experimentId: seeded.experimentId,
        name: "c",
        mode: "pairwise",
        runIds: seeded.runIds.slice(0, 2),
        sampleSize: 4,
        sampling: { kind: "random", seed: 3 },
        reviewersPerItem: 2,
        guidelines: "Be **fair**.",
        reviewerIds: [r1.user!.id, r2.user!.id, r3.user!.id],
        ...over,
      })
    ).id;

  beforeAll(async () => {
    t = await createTestDb();
    member = await createTestCtx(t.db, { role: "member" });
    [r1, r2, r3, unassigned] = (await Promise.all(
      [1, 2, 3, 4].map(() => createTestCtx(t.db, { role: "reviewer" })),
    )) as [Ctx, Ctx, Ctx, Ctx];
    const scores = Array.from({ length: 6 }, (_, i) => (i % 2 ? 100 : 0));
    seeded = await seedExperiment(
      t.db,
      member.projectId!,
      RUN_NAMES.map((name, r) => ({
        name,
        scores,
        outputs: scores.map((_, i) => `answer ${i} from model ${r}`),
      })),
      { name: EXPERIMENT, baseModel: BASE_MODEL },
    );
  });
  afterAll(() => t.close());

  it("serves one reservation at a time, the same one again on reload, with random sides", async () => {
    const id = await campaign();
    const a = (await as(r1).next(id))!;
    expect(a.outputs.map((o) => o.side)).toEqual(["A", "B"]);
    expect(a.prompt).toMatch(/^prompt \d$/);
    expect(a.position).toBe(1);
    expect(a.total).toBe(4);
    expect(a.guidelines).toBe("Be **fair**.");
    expect((await as(r1).next(id))!.slot).toBe(a.slot); // idempotent
    // Sides follow the stored mapping: side A shows runB's output exactly when the slot is swapped.
    const [slot] = await t.db.select().from(reviewSlots).where(eq(reviewSlots.token, a.slot));
    const [item] = await t.db.select().from(reviewItems).where(eq(reviewItems.id, slot!.itemId));
    const runOfA = slot!.swapped ? item!.runB : item!.runA;
    expect(a.outputs[0]!.text).toBe(
      `answer ${item!.sampleIdx} from model ${seeded.runIds.indexOf(runOfA!)}`,
    );
  });

  it("records a vote with the run it meant, and never gives a reviewer the same item twice", async () => {
    const id = await campaign();
    const items = new Set<string>();
    let cur = await as(r1).next(id);
    while (cur) {
      const [slot] = await t.db.select().from(reviewSlots).where(eq(reviewSlots.token, cur.slot));
      expect(items.has(slot!.itemId)).toBe(false);
      items.add(slot!.itemId);
      expect([cur.position, cur.total]).toEqual([items.size, 4]);
      cur = await as(r1).vote({ slot: cur.slot, pairwise: { choice: "A" } });
    }
    expect(items.size).toBe(4);
    const votes = await t.db
      .select()
      .from(reviewVotes)
      .innerJoin(reviewSlots, eq(reviewSlots.id, reviewVotes.slotId))
      .where(eq(reviewVotes.campaignId, id));
    for (const { review_votes: v, review_slots: s } of votes) {
      expect(v.choice).toBe("A");
      expect(v.outcome).toBe(s.swapped ? "b" : "a");
      expect(v.reviewerId).toBe(r1.user!.id);
    }
  });

  it("lets an expired reservation be reclaimed by another reviewer and refuses the late vote", async () => {
    const id = await campaign({ reviewersPerItem: 1 });
    const a = (await as(r1).next(id))!;
    await expire(a.slot);
    // Still r1's until someone takes it: r1 gets it back with a fresh timer.
    const again = (await as(r1).next(id))!;
    expect(again.slot).toBe(a.slot);
    expect(again.expiresAt.getTime()).toBeGreaterThan(Date.now());
    await expire(a.slot);
    const b = (await as(r2).next(id))!;
    const [slotB] = await t.db.select().from(reviewSlots).where(eq(reviewSlots.token, b.slot));
    const [itemOfA] = await t.db
      .select({ itemId: reviewItems.id })
      .from(reviewItems)
      .where(and(eq(reviewItems.campaignId, id), eq(reviewItems.position, 0)));
    expect(slotB!.itemId).toBe(itemOfA!.itemId); // r2 took the expired first slot
    expect(b.slot).not.toBe(a.slot); // with a new token
    await expect(as(r1).vote({ slot: a.slot, pairwise: { choice: "B" } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await as(r2).vote({ slot: b.slot, pairwise: { choice: "B" } });
    expect(await t.db.$count(reviewVotes, eq(reviewVotes.campaignId, id))).toBe(1);
  });

  it("refuses a vote on an expired reservation still held", async () => {
    const id = await campaign();
    const a = (await as(r1).next(id))!;
    await expire(a.slot);
    await expect(as(r1).vote({ slot: a.slot, pairwise: { choice: "A" } })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("keeps every version when a vote is changed through back, and only one current", async () => {
    const id = await campaign();
    const first = (await as(r1).next(id))!;
    const second = (await as(r1).vote({
      slot: first.slot,
      pairwise: { choice: "A", reason: "clearer" },
    }))!;
    expect(second.position).toBe(2);
    const reopened = (await as(r1).back(id))!;
    expect(reopened.prompt).toBe(first.prompt);
    expect(reopened.outputs).toEqual(first.outputs); // same sides as before
    expect(reopened.previous).toEqual({ version: 1, pairwise: { choice: "A", reason: "clearer" } });
    expect(reopened.position).toBe(1);
    expect(reopened.slot).not.toBe(first.slot);
    const after = (await as(r1).vote({ slot: reopened.slot, pairwise: { choice: "tie" } }))!;
    expect(after.slot).toBe(second.slot); // the held reservation comes back
    const history = await t.db
      .select()
      .from(reviewVotes)
      .where(eq(reviewVotes.campaignId, id))
      .orderBy(asc(reviewVotes.version));
    expect(history.map((v) => [v.version, v.choice, v.isCurrent])).toEqual([
      [1, "A", false],
      [2, "tie", true],
    ]);
    expect(new Set(history.map((v) => v.slotId)).size).toBe(1);
  });

  it("goes back step by step, and back with nothing voted is null", async () => {
    const id = await campaign();
    expect(await as(r2).back(id)).toBeNull();
    let cur = (await as(r2).next(id))!;
    const prompts: string[] = [];
    for (let i = 0; i < 3; i++) {
      prompts.push(cur.prompt);
      cur = (await as(r2).vote({ slot: cur.slot, pairwise: { choice: "B" } }))!;
    }
    expect((await as(r2).back(id))!.prompt).toBe(prompts[2]);
    expect((await as(r2).back(id))!.prompt).toBe(prompts[1]);
    const oldest = (await as(r2).back(id))!;
    expect(oldest.prompt).toBe(prompts[0]);
    expect(await as(r2).back(id)).toBeNull();
    // Skipping a reopened item keeps its vote and moves on to the held reservation.
    const skipped = (await as(r2).skip(oldest.slot))!;
    expect(skipped.slot).toBe(cur.slot);
    expect(
      await t.db.$count(
        reviewVotes,
        and(eq(reviewVotes.campaignId, id), eq(reviewVotes.isCurrent, true)),
      ),
    ).toBe(3);
  });

  it("skip hands the item to others and never offers it to the skipper again", async () => {
    const id = await campaign({ reviewersPerItem: 1, sampleSize: 2 });
    const a = (await as(r1).next(id))!;
    expect(a.total).toBe(2);
    const b = (await as(r1).skip(a.slot))!;
    expect(b.prompt).not.toBe(a.prompt);
    expect([b.position, b.total]).toEqual([1, 1]); // the skipped item no longer counts for r1
    expect(await as(r1).vote({ slot: b.slot, pairwise: { choice: "A" } })).toBeNull(); // nothing left for r1
    const c = (await as(r2).next(id))!;
    expect(c.prompt).toBe(a.prompt);
    expect(c.position).toBe(1);
    expect(c.total).toBe(1);
  });

  it("checks votes against the campaign's mode and rubric", async () => {
    const id = await campaign({ mode: "rubric", rubric: RUBRIC });
    const a = (await as(r1).next(id))!;
    expect(a.outputs).toHaveLength(1);
    expect(a.outputs[0]!.side).toBeNull();
    expect(a.rubric).toEqual(RUBRIC);
    await expect(as(r1).vote({ slot: a.slot, pairwise: { choice: "A" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      as(r1).vote({ slot: a.slot, rubric: { scores: { fluency: 4 }, pass: true } }),
    ).rejects.toThrow(/rubric.scores.accuracy/);
    await expect(
      as(r1).vote({
        slot: a.slot,
        rubric: { scores: { fluency: 4, accuracy: 2, style: 3 }, pass: true },
      }),
    ).rejects.toThrow(/style: no such criterion/);
    await expect(
      as(r1).vote({ slot: a.slot, rubric: { scores: { fluency: 4, accuracy: 6 }, pass: true } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      as(r1).vote({ slot: a.slot, rubric: { scores: { fluency: 4, accuracy: 2 } } }),
    ).rejects.toThrow(/pass or fail/);
    await as(r1).vote({
      slot: a.slot,
      rubric: { scores: { fluency: 4, accuracy: 2 }, pass: false, comment: "wrong year" },
    });
    const back = (await as(r1).back(id))!;
    expect(back.previous).toEqual({
      version: 1,
      rubric: { scores: { fluency: 4, accuracy: 2 }, pass: false, comment: "wrong year" },
    });
    const results = await createCaller(member).reviews.results({ campaignId: id });
    const scored = results.perRun.filter((p) => p.n > 0);
    expect(scored).toHaveLength(1);
    expect(scored[0]).toMatchObject({
      score: 3,
      passRate: 0,
      criteria: [
        { key: "fluency", score: 4 },
        { key: "accuracy", score: 2 },
      ],
    });
    expect(results).toMatchObject({ mode: "rubric", votes: 1, bradleyTerry: [], agreement: [] });
  });

  it("keeps unassigned reviewers out and shows reviewers only their campaigns", async () => {
    const id = await campaign();
    const a = (await as(r1).next(id))!;
    await expect(createCaller(unassigned).reviews.next({ campaignId: id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      createCaller(unassigned).reviews.guidelines({ campaignId: id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createCaller(unassigned).reviews.back({ campaignId: id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    // Another reviewer's token is unknown to the caller.
    await expect(
      createCaller(r2).reviews.vote({ slot: a.slot, pairwise: { choice: "A" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createCaller(unassigned).reviews.skip({ slot: a.slot })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await createCaller(unassigned).reviews.list({})).toEqual([]);
    await expect(
      createCaller(r1).reviews.next({ campaignId: "no-such-campaign" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const p of ["get", "results"] as const)
      await expect(createCaller(r1).reviews[p]({ campaignId: id })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    // Removing r1 returns their reservation to the pool at once and locks them out.
    await createCaller(member).reviews.setReviewers({
      campaignId: id,
      add: [unassigned.user!.id],
      remove: [r1.user!.id],
    });
    await expect(as(r1).vote({ slot: a.slot, pairwise: { choice: "A" } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const u = (await as(unassigned).next(id))!;
    expect(u.prompt).toBe(a.prompt);
    const mine = await as(unassigned).list();
    expect(mine.map((c) => c.id)).toEqual([id]);
    expect(mine[0]).toMatchObject({
      assigned: true,
      mine: { done: 0, total: 4 },
      progress: { total: 8 },
    });
  });

  it("shows reviewers no run id, run name, item id, slot id, experiment or model name", async () => {
    const id = await campaign({ runIds: seeded.runIds });
    for (const r of [r1, r2, r3]) {
      await as(r).guidelines(id);
      let cur = await as(r).next(id);
      for (let i = 0; cur && i < 5; i++)
        cur =
          i === 2
            ? await as(r).skip(cur.slot)
            : await as(r).vote({ slot: cur.slot, pairwise: { choice: i % 2 ? "A" : "B" } });
      await as(r).back(id);
      await as(r).list();
    }
    const items = await t.db.select({ id: reviewItems.id }).from(reviewItems);
    const slots = await t.db.select({ id: reviewSlots.id }).from(reviewSlots);
    const forbidden = [
      ...seeded.runIds,
      ...RUN_NAMES,
      EXPERIMENT,
      BASE_MODEL,
      seeded.experimentId,
      ...items.map((i) => i.id),
      ...slots.map((s) => s.id),
    ];
    const json = JSON.stringify(seen);
    expect(seen.length).toBeGreaterThan(20);
    expect(json).toContain("answer"); // the payloads are really in there
    for (const secret of forbidden) expect(json.includes(secret), secret).toBe(false);
  });
});
