import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experiments } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { appRouter, createCaller } from "@/server/root";
import { anonymousCtx, createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { seedExperiment } from "@/tests/server/services/reviews/fixtures";

// Every procedure, read from the router itself, so procedures added later are covered too.
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
).map(([path, p]) => ({ path, type: p._def.type }));
const PUBLIC = new Set(["auth.status"]);
// Mutations a reviewer may make: revoking API tokens from before they were a reviewer (they cannot
// create any), working the review campaigns assigned to them (the services check the assignment;
// see "reviews" below), and their own UI preferences.
const REVIEWER_MUTATIONS = new Set([
  "tokens.revoke",
  "reviews.next",
  "reviews.vote",
  "reviews.skip",
  "reviews.back",
  "preferences.set",
]);

// Queries a reviewer may make. Everything else (experiments, runs, samples, leaderboard, curves,
// compare) is refused: any of it would let them match an output to its run and unblind review.
const REVIEWER_QUERIES = new Set([
  "auth.whoami",
  "tokens.list",
  "projects.list",
  "preferences.get",
  "reviews.list",
  "reviews.guidelines",
]);

function call(ctx: Ctx, path: string, input: unknown): Promise<unknown> {
  let target: unknown = createCaller(ctx);
  for (const key of path.split(".")) target = (target as Record<string, unknown>)[key];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    return e.code;
  }
}

const TRAIN = [
  '{"prompt":"2024-01-05","completion":"05/01/2024"}',
  '{"prompt":"2023-12-31","completion":"31/12/2023"}',
].join("\n");

describe("role matrix", () => {
  let t: TestDb;
  let admin: Ctx, member: Ctx, reviewer: Ctx, outsider: Ctx;
  beforeAll(async () => {
    t = await createTestDb();
    admin = await createTestCtx(t.db, { role: "admin" });
    member = await createTestCtx(t.db, { role: "member" });
    reviewer = await createTestCtx(t.db, { role: "reviewer" });
    outsider = await createTestCtx(t.db, { role: null });
  });
  afterAll(() => t.close());

  it("covers a real API", () => {
    expect(procedures.map((p) => p.path)).toEqual(
      expect.arrayContaining(["experiments.create", "users.invite", "runs.list"]),
    );
  });

  it("answers 401 to an anonymous caller on every procedure but the public ones", async () => {
    for (const { path } of procedures) {
      if (PUBLIC.has(path)) continue;
      const error = await call(anonymousCtx(t.db), path, {}).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, path).toBeInstanceOf(TRPCError);
      expect({ path, code: (error as TRPCError).code }).toEqual({ path, code: "UNAUTHORIZED" });
      expect(getHTTPStatusCodeFromError(error as TRPCError)).toBe(401);
    }
  });

  it("forbids a signed-in person outside the project everywhere but the public procedures", async () => {
    for (const { path } of procedures) {
      if (PUBLIC.has(path)) continue;
      expect({ path, code: await codeOf(call(outsider, path, {})) }).toEqual({
        path,
        code: "FORBIDDEN",
      });
    }
  });

  it("forbids a reviewer every mutation outside their review work", async () => {
    for (const { path, type } of procedures) {
      if (type !== "mutation" || REVIEWER_MUTATIONS.has(path)) continue;
      expect({ path, code: await codeOf(call(reviewer, path, {})) }).toEqual({
        path,
        code: "FORBIDDEN",
      });
    }
  });

  it("forbids a reviewer every query outside their review work", async () => {
    for (const { path, type } of procedures) {
      if (type !== "query" || PUBLIC.has(path) || REVIEWER_QUERIES.has(path)) continue;
      expect({ path, code: await codeOf(call(reviewer, path, {})) }).toEqual({
        path,
        code: "FORBIDDEN",
      });
    }
    expect(await codeOf(createCaller(reviewer).projects.list())).toBe("OK");
  });

  it("lets a member create an experiment and refuses the same request from a reviewer", async () => {
    const { versionId: datasetVersionId } = await createCaller(member).datasets.upload({
      name: "dates",
      trainJsonl: TRAIN,
      evalJsonl: TRAIN,
    });
    const input = {
      name: "lr sweep",
      baseModel: "tests/tiny-model",
      datasetVersionId,
      grid: { learningRate: [1e-3, 2e-3], loraRank: [4], epochs: [1] },
      evalSuite: { metrics: ["accuracy" as const], primaryMetric: "accuracy" as const },
    };
    await expect(createCaller(reviewer).experiments.create(input)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await t.db.$count(experiments)).toBe(0);
    await createCaller(member).experiments.create(input);
    expect(await t.db.$count(experiments)).toBe(1);
    expect(await codeOf(createCaller(member).experiments.list())).toBe("OK");
  });

  it("lets a member see the project's people but not manage them, and lets an admin do it", async () => {
    const target = await createTestCtx(t.db, { role: "reviewer" });
    expect((await createCaller(member).users.list()).some((u) => u.id === target.user!.id)).toBe(
      true,
    );
    expect(await codeOf(createCaller(target).users.list())).toBe("FORBIDDEN");
    const attempts = {
      "users.invite": () =>
        createCaller(member).users.invite({ name: "N", email: "n@example.test", role: "admin" }),
      "users.setRole": () =>
        createCaller(member).users.setRole({ userId: target.user!.id, role: "admin" }),
      "users.remove": () => createCaller(member).users.remove({ userId: target.user!.id }),
    };
    for (const [path, attempt] of Object.entries(attempts)) {
      expect({ path, code: await codeOf(attempt()) }).toEqual({ path, code: "FORBIDDEN" });
    }
    const caller = createCaller(admin);
    await caller.users.setRole({ userId: target.user!.id, role: "member" });
    expect((await caller.users.list()).find((u) => u.id === target.user!.id)?.role).toBe("member");
    await caller.users.remove({ userId: target.user!.id });
    expect((await caller.users.list()).some((u) => u.id === target.user!.id)).toBe(false);
  });

  it("keeps project settings and webhooks to admins, and never returns a stored secret", async () => {
    process.env.TUNEBENCH_SECRET_KEY ??= "b".repeat(64); // no key file next to the data folder
    const adminOnly = procedures.filter(
      (p) => p.path.startsWith("settings.") || p.path.startsWith("webhooks."),
    );
    expect(adminOnly.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        "settings.get",
        "settings.update",
        "settings.setSecret",
        "settings.rotateSecret",
        "webhooks.list",
        "webhooks.create",
        "webhooks.deliveries",
        "webhooks.redeliver",
      ]),
    );
    for (const { path } of adminOnly) {
      for (const [who, ctx] of [
        ["member", member],
        ["reviewer", reviewer],
      ] as const) {
        expect({ path, who, code: await codeOf(call(ctx, path, {})) }).toEqual({
          path,
          who,
          code: "FORBIDDEN",
        });
      }
    }
    const caller = createCaller(admin);
    await caller.settings.setSecret({
      name: "openai.apiKey",
      value: "sk-proj-roles-test-key-0000",
    });
    const { secret } = await caller.settings.rotateSecret({ name: "hooks.generic" });
    const shown = JSON.stringify(await caller.settings.get());
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain("roles-test-key");
    const created = await caller.webhooks.create({
      url: "https://example.test/hook",
      events: ["eval.completed"],
    });
    expect(JSON.stringify(await caller.webhooks.list())).not.toContain(created.secret);
  });

  it("lets reviewers work only assigned review campaigns, and keeps the rest of reviews to members", async () => {
    const seeded = await seedExperiment(
      t.db,
      member.projectId!,
      ["r-a", "r-b"].map((name) => ({ name, scores: [0, 100, 100] })),
    );
    const other = await createTestCtx(t.db, { role: "reviewer" });
    const { id: campaignId } = await createCaller(member).reviews.create({
      experimentId: seeded.experimentId,
      name: "roles",
      mode: "pairwise",
      runIds: seeded.runIds,
      sampleSize: 3,
      sampling: { kind: "random", seed: 1 },
      reviewersPerItem: 1,
      guidelines: "",
      reviewerIds: [reviewer.user!.id],
    });
    const reviews = procedures.filter((p) => p.path.startsWith("reviews.")).map((p) => p.path);
    expect(reviews).toEqual(
      expect.arrayContaining([
        "reviews.create",
        "reviews.list",
        "reviews.get",
        "reviews.setReviewers",
        "reviews.next",
        "reviews.vote",
        "reviews.skip",
        "reviews.back",
        "reviews.results",
      ]),
    );
    for (const path of [
      "reviews.create",
      "reviews.get",
      "reviews.setReviewers",
      "reviews.results",
    ]) {
      expect({ path, code: await codeOf(call(reviewer, path, { campaignId })) }).toEqual({
        path,
        code: "FORBIDDEN",
      });
      expect({ path, code: await codeOf(call(member, path, { campaignId })) }).not.toEqual({
        path,
        code: "FORBIDDEN",
      });
    }
    for (const path of ["reviews.guidelines", "reviews.next", "reviews.back"]) {
      expect({ path, code: await codeOf(call(other, path, { campaignId })) }).toEqual({
        path,
        code: "FORBIDDEN",
      });
      expect({ path, code: await codeOf(call(reviewer, path, { campaignId })) }).toEqual({
        path,
        code: "OK",
      });
    }
    expect(await createCaller(other).reviews.list({})).toEqual([]);
    expect((await createCaller(reviewer).reviews.list({})).map((c) => c.id)).toEqual([campaignId]);
    const item = (await createCaller(reviewer).reviews.next({ campaignId }))!;
    // A token is only good for its holder.
    expect(
      await codeOf(
        createCaller(other).reviews.vote({ slot: item.slot, pairwise: { choice: "A" } }),
      ),
    ).toBe("NOT_FOUND");
    expect(await codeOf(createCaller(other).reviews.skip({ slot: item.slot }))).toBe("NOT_FOUND");
    expect(
      await codeOf(
        createCaller(reviewer).reviews.vote({ slot: item.slot, pairwise: { choice: "A" } }),
      ),
    ).toBe("OK");
  });

  it("never leaves a project without an admin", async () => {
    const caller = createCaller(admin);
    await expect(
      caller.users.setRole({ userId: admin.user!.id, role: "member" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(caller.users.remove({ userId: admin.user!.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});
