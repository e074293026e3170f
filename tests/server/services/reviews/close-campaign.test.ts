import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/server/ctx";
import { createCaller } from "@/server/root";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { type Seeded, seedExperiment } from "./fixtures";

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

describe("closing a review campaign", () => {
  let t: TestDb;
  let owner: Ctx, otherMember: Ctx, admin: Ctx, r1: Ctx, r2: Ctx;
  let seeded: Seeded;
  const campaign = async () =>
    (
      await createCaller(owner).reviews.create({
        experimentId: seeded.experimentId,
        name: "closing",
        mode: "pairwise",
        runIds: seeded.runIds,
        sampleSize: 4,
        sampling: { kind: "random", seed: 5 },
        reviewersPerItem: 1,
        guidelines: "",
        reviewerIds: [r1.user!.id, r2.user!.id],
      })
    ).id;

  beforeAll(async () => {
    t = await createTestDb();
    owner = await createTestCtx(t.db, { role: "member" });
    otherMember = await createTestCtx(t.db, { role: "member" });
    admin = await createTestCtx(t.db, { role: "admin" });
    [r1, r2] = (await Promise.all([1, 2].map(() => createTestCtx(t.db, { role: "reviewer" })))) as [
      Ctx,
      Ctx,
    ];
    const scores = [0, 100, 0, 100, 0, 100];
    seeded = await seedExperiment(t.db, owner.projectId!, [
      { name: "run-a", scores, outputs: scores.map((_, i) => `a ${i}`) },
      { name: "run-b", scores, outputs: scores.map((_, i) => `b ${i}`) },
    ]);
  });
  afterAll(() => t.close());

  it("stops votes, claims, skips and undo; the results stay as they were; reviewers see it closed", async () => {
    const id = await campaign();
    const reviews = (ctx: Ctx) => createCaller(ctx).reviews;
    const first = (await reviews(r1).next({ campaignId: id }))!;
    await reviews(r1).vote({ slot: first.slot, pairwise: { choice: "A" } });
    const held = (await reviews(r2).next({ campaignId: id }))!; // a reservation open at the close
    const before = await reviews(owner).results({ campaignId: id });
    expect((await reviews(owner).get({ campaignId: id })).canClose).toBe(true);

    const closed = await reviews(owner).close({ campaignId: id });
    expect(closed.status).toBe("closed");
    expect(closed.closedAt).toBeInstanceOf(Date);

    const refused = await errorOf(reviews(r2).vote({ slot: held.slot, pairwise: { choice: "B" } }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toBe("This review campaign is closed; its results are final.");
    expect((await errorOf(reviews(r2).skip({ slot: held.slot }))).code).toBe("CONFLICT");
    expect((await errorOf(reviews(r1).back({ campaignId: id }))).code).toBe("CONFLICT");
    expect(await reviews(r1).next({ campaignId: id })).toBeNull();
    expect(
      (await errorOf(reviews(owner).setReviewers({ campaignId: id, add: [], remove: [] }))).code,
    ).toBe("CONFLICT");
    expect(await reviews(owner).results({ campaignId: id })).toEqual(before);

    const view = await reviews(owner).get({ campaignId: id });
    expect(view).toMatchObject({ status: "closed", canClose: false, progress: { done: 1 } });
    expect((await reviews(r2).guidelines({ campaignId: id })).status).toBe("closed");
    expect((await reviews(r2).list({})).find((c) => c.id === id)?.status).toBe("closed");
    // Closing again changes nothing.
    expect((await reviews(owner).close({ campaignId: id })).closedAt).toEqual(closed.closedAt);
  });

  it("is for the campaign's owner and admins only", async () => {
    const id = await campaign();
    const notOwner = await errorOf(createCaller(otherMember).reviews.close({ campaignId: id }));
    expect(notOwner.code).toBe("FORBIDDEN");
    expect(notOwner.message).toBe("Only the campaign's owner or an admin can close it.");
    expect((await createCaller(otherMember).reviews.get({ campaignId: id })).canClose).toBe(false);
    expect((await errorOf(createCaller(r1).reviews.close({ campaignId: id }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await createCaller(admin).reviews.close({ campaignId: id })).status).toBe("closed");
  });
});
