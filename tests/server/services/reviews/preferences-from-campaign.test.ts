import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReviewOutcome } from "@/core/enums";
import { datasetExamples } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { createCaller } from "@/server/root";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { seedVotedCampaign } from "./voted-campaign";

// What each of three reviewers says about sample i, relative to the runs ("a" = run-a's output).
const PLAN: ReviewOutcome[][] = [
  ["a", "a", "a"], // 0: kept, a over b, 3 of 3
  ["b", "b", "a"], // 1: kept, b over a, 2 of 3
  ["tie", "tie", "a"], // 2: left out, tie
  ["both_bad", "both_bad", "b"], // 3: left out, both bad
  ["a", "b", "tie"], // 4: left out, split
  ["a", "a", "tie"], // 5: kept, a over b, 2 of 3
];

describe("a pairwise campaign's verdicts as a preference dataset (PGlite and PostgreSQL)", () => {
  let t: TestDb;
  let owner: Ctx;
  let campaignId = "";

  beforeAll(async () => {
    t = await createTestDb();
    owner = await createTestCtx(t.db, { role: "member" });
    campaignId = (await seedVotedCampaign(t.db, owner, PLAN)).campaignId;
  });
  afterAll(() => t?.close());

  it("keeps exactly the clear verdicts, says why the rest were left out, and records the votes", async () => {
    const api = createCaller(owner).reviews;
    const r = await api.toPreferenceDataset({ campaignId });
    expect([r.items, r.qualified, r.excluded]).toEqual([
      6,
      3,
      { no_votes: 0, tie: 1, both_bad: 1, split: 1, below_agreement: 0 },
    ]);
    expect(r.version).toMatchObject({ kind: "preference", trainCount: 2, evalCount: 1 });
    const rows = await t.db
      .select()
      .from(datasetExamples)
      .where(eq(datasetExamples.versionId, r.versionId))
      .orderBy(asc(datasetExamples.reference));
    expect(rows.map((e) => [e.messages[0]!.content, e.reference, e.rejected])).toEqual([
      ["question 0", "a 0", "b 0"],
      ["question 5", "a 5", "b 5"],
      ["question 1", "b 1", "a 1"],
    ]);
    expect(r.version.source).toMatchObject({
      type: "review_campaign",
      campaignId,
      filter: { minAgreement: null },
    });
    const source = r.version.source;
    if (source?.type !== "review_campaign") throw new Error("not a campaign's version");
    const counts = source.votes.map((v) => [v.chosen, v.total]).sort();
    expect(counts).toEqual([
      [2, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it("applies a minimum agreement, and refuses when fewer than two items qualify", async () => {
    const api = createCaller(owner).reviews;
    await expect(api.toPreferenceDataset({ campaignId, minAgreement: 0.9 })).rejects.toThrow(
      /1 of 6 items have a clear verdict; a preference dataset needs at least 2/,
    );
    await expect(api.toPreferenceDataset({ campaignId, minAgreement: 0.5 })).rejects.toThrow(
      /minimum agreement must be above 0.5/,
    );
  });
});
