import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetExamples, projects } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { createCaller } from "@/server/root";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { type Games, type JudgedExperiment, seedJudgedExperiment } from "./judged-experiment";

// Game 1 shows run-a's answer as A, game 2 as B: [A, B] means run-a won in both orders.
const PLAN: Games[] = [
  ["A", "B"], // 0: kept, run-a over the baseline
  ["B", "A"], // 1: kept, the baseline over run-a
  ["A", "A"], // 2: left out, a flip (each order picked the first slot)
  ["C", "C"], // 3: left out, a tie
  ["A", "unparsed"], // 4: left out, unparsed
  ["B", null], // 5: left out, game 2 never judged
  ["A", "B"], // 6: kept, run-a over the baseline
  ["C", "A"], // 7: left out, a flip (tie, then the baseline)
];

describe("a pairwise judge's verdicts as a preference dataset (PGlite and PostgreSQL)", () => {
  let t: TestDb;
  let member: Ctx;
  let seeded: JudgedExperiment;

  beforeAll(async () => {
    t = await createTestDb();
    member = await createTestCtx(t.db, { role: "member" });
    seeded = await seedJudgedExperiment(t.db, member.projectId!, PLAN);
  });
  afterAll(() => t?.close());

  it("keeps exactly the samples whose orders agree, counts the rest by reason, records the source", async () => {
    const api = createCaller(member).judges;
    const input = { experimentId: seeded.experimentId, judgeId: seeded.judgeId };
    const r = await api.toPreferenceDataset({ ...input, runId: seeded.runId });
    expect([r.pairs, r.qualified, r.excluded, r.reused]).toEqual([
      8,
      3,
      { tie: 1, flip: 2, unparsed: 1, incomplete: 1 },
      false,
    ]);
    expect(r.version).toMatchObject({ kind: "preference", trainCount: 2, evalCount: 1 });
    const rows = await t.db
      .select()
      .from(datasetExamples)
      .where(eq(datasetExamples.versionId, r.versionId))
      .orderBy(asc(datasetExamples.reference));
    expect(rows.map((e) => [e.messages[0]!.content, e.reference, e.rejected])).toEqual([
      ["question 0", "a 0", "base 0"],
      ["question 6", "a 6", "base 6"],
      ["question 1", "base 1", "a 1"],
    ]);
    expect(r.version.source).toEqual({
      type: "judge",
      judgeId: seeded.judgeId,
      judgeName: `pair-${seeded.baselineId}`,
      judgeVersion: 1,
      experimentId: seeded.experimentId,
      runId: seeded.runId,
      againstRunId: seeded.baselineId,
      filter: { rule: "same_winner_in_both_orders" },
      counts: { pairs: 8, qualified: 3, excluded: { tie: 1, flip: 2, unparsed: 1, incomplete: 1 } },
    });
    expect(r.dataset.name).toBe(`pair-${seeded.baselineId} preferences`);

    // The same verdicts again are the same examples: the stored version comes back.
    const again = await api.toPreferenceDataset({ ...input, runId: seeded.runId });
    expect([again.versionId, again.reused]).toEqual([r.versionId, true]);
  });

  it("refuses a judge that is not pairwise, a run without verdicts, and too few agreeing samples", async () => {
    const api = createCaller(member).judges;
    const experimentId = seeded.experimentId;
    await expect(
      api.toPreferenceDataset({ experimentId, judgeId: seeded.singleJudgeId, runId: seeded.runId }),
    ).rejects.toThrow(/is not a pairwise judge of experiment/);
    await expect(
      api.toPreferenceDataset({
        experimentId,
        judgeId: seeded.judgeId,
        runId: seeded.unjudgedRunId,
      }),
    ).rejects.toThrow(/has no verdicts on run run-c against its reference yet/);
    await expect(
      api.toPreferenceDataset({ experimentId, judgeId: seeded.judgeId, runId: seeded.baselineId }),
    ).rejects.toThrow(/is the reference of judge/);
    await expect(
      api.toPreferenceDataset({ experimentId, judgeId: seeded.judgeId, runId: seeded.otherRunId }),
    ).rejects.toThrow(/1 of 1 samples have the same winner in both orders; .* at least 2/);
    await expect(
      api.toPreferenceDataset({ experimentId, judgeId: "nope", runId: seeded.runId }),
    ).rejects.toThrow(/Judge not found/);
  });

  it("is for members and admins of the experiment's project", async () => {
    const input = {
      experimentId: seeded.experimentId,
      judgeId: seeded.judgeId,
      runId: seeded.runId,
    };
    const reviewer = await createTestCtx(t.db, { role: "reviewer", projectId: member.projectId! });
    await expect(createCaller(reviewer).judges.toPreferenceDataset(input)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const admin = await createTestCtx(t.db, { role: "admin", projectId: member.projectId! });
    expect((await createCaller(admin).judges.toPreferenceDataset(input)).reused).toBe(true);
    const [other] = await t.db
      .insert(projects)
      .values({ slug: "other", name: "other" })
      .returning();
    const outsider = await createTestCtx(t.db, { role: "admin", projectId: other!.id });
    await expect(createCaller(outsider).judges.toPreferenceDataset(input)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
