import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/reviews/[id]/export/route";
import { jobs, reviewVotes } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { setRequestDb } from "@/server/db";
import { createCaller } from "@/server/root";
import { refreshLeaderboard, VOTE_REFRESH_DELAY_MS } from "@/server/services/leaderboard";
import { reviewColumns } from "@/server/services/reviews/leaderboard-columns";
import { createToken } from "@/server/services/tokens";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { type Seeded, seedExperiment } from "@/tests/server/services/reviews/fixtures";

/** A pairwise campaign worked through by two reviewers, then read back as results, on the
 *  leaderboard and as an export. Reviewer 1 always prefers the better run; reviewer 2 mostly. */
describe("review results end to end (services)", () => {
  let t: TestDb;
  let member: Ctx, r1: Ctx, r2: Ctx;
  let seeded: Seeded;
  let campaignId: string;
  const restoreEnv = process.env.TUNEBENCH_AUTH;

  beforeAll(async () => {
    t = await createTestDb();
    member = await createTestCtx(t.db, { role: "member" });
    [r1, r2] = await Promise.all([
      createTestCtx(t.db, { role: "reviewer" }),
      createTestCtx(t.db, { role: "reviewer" }),
    ]);
    const n = 10;
    // Run quality: strong > medium > weak, visible in the outputs so a "reviewer" can judge.
    const quality = [3, 2, 1];
    seeded = await seedExperiment(
      t.db,
      member.projectId!,
      ["strong", "medium", "weak"].map((name, r) => ({
        name,
        scores: Array.from({ length: n }, (_, i) => (i % 3 < quality[r]! ? 100 : 0)),
        outputs: Array.from({ length: n }, () => `quality ${quality[r]}`),
      })),
    );
    campaignId = (
      await createCaller(member).reviews.create({
        experimentId: seeded.experimentId,
        name: "three runs",
        mode: "pairwise",
        runIds: seeded.runIds,
        sampleSize: n,
        sampling: { kind: "random", seed: 9 },
        reviewersPerItem: 2,
        guidelines: "",
        reviewerIds: [r1.user!.id, r2.user!.id],
      })
    ).id;
    const work = async (
      ctx: Ctx,
      judge: (a: number, b: number, k: number) => "A" | "B" | "tie",
    ) => {
      const c = createCaller(ctx).reviews;
      let cur = await c.next({ campaignId });
      for (let k = 0; cur; k++) {
        const q = cur.outputs.map((o) => Number(o.text.split(" ")[1]));
        cur = await c.vote({ slot: cur.slot, pairwise: { choice: judge(q[0]!, q[1]!, k) } });
      }
    };
    await work(r1, (a, b) => (a > b ? "A" : "B"));
    await work(r2, (a, b, k) => (k % 5 === 4 ? "tie" : a > b ? "A" : "B"));
  });
  afterAll(async () => {
    setRequestDb(null);
    if (restoreEnv === undefined) delete process.env.TUNEBENCH_AUTH;
    else process.env.TUNEBENCH_AUTH = restoreEnv;
    await t.close();
  });

  it("fills every slot and ranks the runs by Bradley–Terry in quality order", async () => {
    const results = await createCaller(member).reviews.results({ campaignId });
    expect(results.votes).toBe(60); // 10 samples × 3 pairs × 2 reviewers
    expect(results.itemsVoted).toBe(30);
    expect(results.bradleyTerry.map((b) => b.runName)).toEqual(["strong", "medium", "weak"]);
    expect(results.bradleyTerry[0]!.rank).toBe(1);
    const m = results.winMatrix;
    expect(m.n[0]![1]).toBe(20);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        if (i !== j) expect(m.wins[i]![j]! + m.wins[j]![i]!).toBe(m.n[i]![j]);
    expect(results.perRun.find((p) => p.runName === "strong")!.score).toBeGreaterThan(80);
    expect(results.agreement).toEqual([
      expect.objectContaining({ metric: "cohen_kappa", subject: "choice", n: 30 }),
    ]);
    expect(results.agreement[0]!.value).toBeGreaterThan(0.5);
    expect(results.positionBias.n).toBeGreaterThan(40);
    expect(results.judgeAgreement).toMatchObject({ metric: "cohen_kappa", n: 60 });
  });

  it("joins the leaderboard once its refresh stored them: human score and Bradley–Terry rating per run, agreement on top", async () => {
    const get = () => createCaller(member).leaderboard.get({ experimentId: seeded.experimentId });
    // The votes queued one refresh, a little later, so that a burst of votes shares it.
    const queued = await t.db
      .select({ runAt: jobs.runAt, createdAt: jobs.createdAt })
      .from(jobs)
      .where(and(eq(jobs.kind, "leaderboard.refresh"), eq(jobs.status, "queued")));
    expect(queued).toHaveLength(1);
    const delay = queued[0]!.runAt.getTime() - queued[0]!.createdAt.getTime();
    expect(delay).toBeGreaterThanOrEqual(VOTE_REFRESH_DELAY_MS - 50);
    expect(await get()).toMatchObject({ review: null, reviewUpdating: true, updating: true });

    expect((await refreshLeaderboard(t.db, seeded.experimentId)).review).toBe(true);
    const board = await get();
    expect(board.reviewUpdating).toBe(false);
    const computed = await reviewColumns(t.db, campaignId);
    expect(board.review).toEqual(computed.review);
    for (const row of board.rows) expect(row.human).toEqual(computed.byRun[row.runId] ?? null);
    expect(board.review).toMatchObject({ campaignId, mode: "pairwise", votes: 60 });
    expect(board.review!.agreement[0]!.metric).toBe("cohen_kappa");
    const strong = board.rows.find((r) => r.name === "strong")!;
    const weak = board.rows.find((r) => r.name === "weak")!;
    expect(strong.human!.btRating!).toBeGreaterThan(weak.human!.btRating!);
    expect(strong.human!.btCi![0]).toBeLessThanOrEqual(strong.human!.btRating!);
    expect(strong.human!.ci).toHaveLength(2);
  });

  it("exports every vote version as CSV and JSON to members only", async () => {
    // One changed vote: two versions of it in the export.
    const c = createCaller(r1).reviews;
    const reopened = (await c.back({ campaignId }))!;
    await c.vote({
      slot: reopened.slot,
      pairwise: { choice: "tie", reason: '=HYPERLINK("x"), "quoted"' },
    });
    expect(await t.db.$count(reviewVotes, eq(reviewVotes.campaignId, campaignId))).toBe(61);

    process.env.TUNEBENCH_AUTH = "multi";
    setRequestDb(t.db);
    const token = async (ctx: Ctx) =>
      (await createToken({ ctx, input: { name: "t", scopes: ["read"] } })).secret;
    const get = (tok: string, format: string) =>
      exportRoute(
        new Request(`http://localhost/api/reviews/${campaignId}/export?format=${format}`, {
          headers: { authorization: `Bearer ${tok}` },
        }),
        { params: Promise.resolve({ id: campaignId }) },
      );
    const memberToken = await token(member);
    const csv = await get(memberToken, "csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^campaign_id,campaign_name,mode,item_id,/);
    expect(lines).toHaveLength(62);
    expect(lines.filter((l) => l.includes("strong")).length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes(`"'=HYPERLINK(""x""), ""quoted"""`))).toBe(true); // quoted, formula defused
    const json = await (await get(memberToken, "json")).json();
    expect(json.votes).toHaveLength(61);
    const versions = json.votes.filter((v: { version: number }) => v.version === 2);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ choice: "tie", is_current: true, outcome: "tie" });
    expect(json.votes.filter((v: { is_current: boolean }) => !v.is_current)).toHaveLength(1);
    // A reviewer's token authenticates nothing (reviewers work in the browser only).
    expect((await get(await token(r1), "csv")).status).toBe(401);
    expect((await get(memberToken, "xml")).status).toBe(400);
  });
});
