import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeCalls, judgeVerdicts, judgeVersions, newId } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { createCaller } from "@/server/root";
import { createJudge } from "@/server/services/judges";
import { refreshLeaderboard } from "@/server/services/leaderboard";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { type Seeded, seedExperiment } from "@/tests/server/services/reviews/fixtures";
import { setSuiteJudges } from "./judged-experiment";

// Four samples judged between "tuned" (x, the longer answers) and "base" (y, the reference run),
// each in both orders (game 1 shows x as A, game 2 shows y as A):
//   0: A, B → x both times        1: A, A → a flip, a tie
//   2: B, A → y both times        3: unparsed, B → left out, counted as unparsed
// One reviewer prefers tuned on samples 0 and 1, base on 2, and calls 3 a tie.
const GAMES: ["A" | "B" | "C" | null, "A" | "B" | "C" | null][] = [
  ["A", "B"],
  ["A", "A"],
  ["B", "A"],
  [null, "B"],
];
const HUMAN = ["tuned", "tuned", "base", "tie"];

// The stored judge columns (leaderboard.get after its refresh) and the review results' card
// (judges.calibration) against figures worked out by hand.
describe("a pairwise judge's columns and its calibration against people", () => {
  let t: TestDb;
  let admin: Ctx, reviewer: Ctx;
  let seeded: Seeded;
  let campaignId: string;

  beforeAll(async () => {
    t = await createTestDb();
    admin = await createTestCtx(t.db, { role: "admin" });
    reviewer = await createTestCtx(t.db, { role: "reviewer" });
    seeded = await seedExperiment(t.db, admin.projectId!, [
      { name: "base", isBaseline: true, scores: [0, 0, 0, 0], outputs: ["b0", "b1", "b2", "b3"] },
      {
        name: "tuned",
        scores: [0, 0, 0, 0],
        outputs: ["tuned answer 0", "tuned answer 1", "tuned answer 2", "tuned answer 3"],
      },
    ]);
    const [base, tuned] = seeded.runIds as [string, string];
    const judge = await createJudge({
      ctx: admin,
      input: {
        name: "duel",
        provider: "openai-compatible",
        model: "m",
        template: { kind: "pairwise" },
      },
    });
    const [version] = await t.db.select().from(judgeVersions);
    // The suite names the judge's version, as creating the experiment fills it in.
    await setSuiteJudges(t.db, seeded.experimentId, [
      { judgeId: judge.id, name: "duel", version: 1, mode: "pairwise" },
    ]);
    // The verdicts as the evaluation stores them (calls, then which call judged which game).
    for (const [sampleIdx, games] of GAMES.entries())
      for (const [g, choice] of games.entries()) {
        const callId = newId();
        await t.db.insert(judgeCalls).values({
          id: callId,
          projectId: admin.projectId!,
          judgeVersionId: version!.id,
          cacheKey: `k${sampleIdx}-${g}`,
          budgetKey: "test",
          messages: [],
          raw: choice ? `[[${choice}]]` : "no idea",
          status: choice ? "parsed" : "unparsed",
          verdict: choice,
          attempts: choice ? 1 : 2,
          promptTokens: 1,
          completionTokens: 1,
        });
        await t.db.insert(judgeVerdicts).values({
          projectId: admin.projectId!,
          experimentId: seeded.experimentId,
          judgeVersionId: version!.id,
          runId: tuned,
          againstRunId: base,
          sampleIdx,
          game: g + 1,
          callId,
        });
      }
    expect(judge.current.version).toBe(1);

    const campaign = await createCaller(admin).reviews.create({
      experimentId: seeded.experimentId,
      name: "people",
      mode: "pairwise",
      runIds: [base, tuned],
      sampleSize: 4,
      sampling: { kind: "random", seed: 3 },
      reviewersPerItem: 1,
      guidelines: "",
      reviewerIds: [reviewer.user!.id],
    });
    campaignId = campaign.id;
    const c = createCaller(reviewer).reviews;
    let cur = await c.next({ campaignId: campaign.id });
    while (cur) {
      const idx = Number(cur.prompt.split(" ")[1]);
      const want = HUMAN[idx]!;
      const side = cur.outputs.findIndex((o) => (want === "tuned") === o.text.startsWith("tuned"));
      const choice = want === "tie" ? "tie" : side === 0 ? "A" : "B";
      cur = await c.vote({ slot: cur.slot, pairwise: { choice } });
    }
  });
  afterAll(() => t?.close());

  it("win rate (tie = ½), flip rate, first slot, length bias and κ against people, by hand", async () => {
    const [base, tuned] = seeded.runIds as [string, string];
    await refreshLeaderboard(t.db, seeded.experimentId);
    const board = await createCaller(admin).leaderboard.get({ experimentId: seeded.experimentId });
    expect(board.judgesUpdating).toBe(false);
    const [entry] = board.judges;
    expect(entry).toMatchObject({ name: "duel", version: 1, againstRunId: base, unparsed: 1 });
    const cell = board.rows.find((r) => r.runId === tuned)!.judges[0]!;
    expect(cell).toMatchObject({ winRate: 0.5, n: 3 });
    expect(cell.ci![0]).toBeLessThanOrEqual(0.5);
    expect(cell.ci![1]).toBeGreaterThanOrEqual(0.5);
    const rated = board.rows.filter((r) => r.judges[0]?.rating != null).map((r) => r.runId);
    expect(rated.sort()).toEqual([base, tuned].sort());
    // Decided games: 0: A, B; 1: A, A; 2: B, A; 3: B (its game 1 did not parse) → A in 4 of 7.
    expect(entry).toMatchObject({
      pairs: 3,
      flipRate: 1 / 3,
      firstSlot: { k: 4, n: 7 },
      longerWins: { k: 1, n: 2 }, // sample 0 the longer (tuned) won, sample 2 the shorter
    });
    // Humans x, x, y against the judge x, tie, y: po = 2/3, pe = 2/9 + 1/9 + 0 = 1/3, κ = 0.5.
    const [card] = await createCaller(admin).judges.calibration({ campaignId });
    expect(card).toMatchObject({ name: "duel", version: 1 });
    for (const cal of [entry!.calibration!, card!.calibration]) {
      expect(cal.campaignId).toBe(campaignId);
      expect(cal.n).toBe(3);
      expect(cal.agreement).toBeCloseTo(2 / 3, 12);
      expect(cal.kappa).toBeCloseTo(0.5, 12);
      expect(cal.warning).toBe(false);
      expect(cal.confusion).toEqual([
        [1, 0, 1],
        [0, 1, 0],
        [0, 0, 0],
      ]);
      const tunedRates = cal.winRates.find((w) => w.runId === tuned)!;
      expect(tunedRates.human).toBeCloseTo(2 / 3, 12);
      expect(tunedRates.judge).toBeCloseTo(0.5, 12);
    }
  });

  it("the calibration is for the project's members: a reviewer is refused, another project's campaign is not found", async () => {
    const code = (p: Promise<unknown>) =>
      p.then(
        () => "OK",
        (e: unknown) => (e instanceof TRPCError ? e.code : "?"),
      );
    expect(await code(createCaller(reviewer).judges.calibration({ campaignId }))).toBe("FORBIDDEN");
    expect(await code(createCaller(admin).judges.calibration({ campaignId: "nope" }))).toBe(
      "NOT_FOUND",
    );
  });
});
