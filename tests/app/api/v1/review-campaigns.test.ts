import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { ReviewOutcome } from "@/core/enums";
import { datasetExamples, datasetVersions, projects } from "@/drizzle/schema";
import type { ApiErrorBody } from "@/server/api/errors";
import type * as out from "@/server/api/schemas";
import { ensureDefaultProject } from "@/server/services/projects";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { seedVotedCampaign } from "@/tests/server/services/reviews/voted-campaign";
import { responseValidator } from "./openapi-check";
import { api, apiToken, reviewerToken, useApi } from "./setup";

// Two clear verdicts (samples 0 and 2), a tie and a split: what reviewers said about sample i.
const PLAN: ReviewOutcome[][] = [
  ["a", "a"],
  ["tie", "tie"],
  ["b", "b"],
  ["a", "b"],
];

let t: TestDb;
let restore: () => void;
let campaignId = "";
const tokens = {} as Record<"member" | "readOnly" | "reviewer" | "outsider", string>;
const check = responseValidator();
const path = () => `/review-campaigns/${campaignId}/preferences`;
type Made = z.infer<typeof out.PreferenceDatasetOut>;

beforeAll(async () => {
  t = await createTestDb();
  restore = useApi(t.db);
  const projectId = (await ensureDefaultProject(t.db)).id;
  const owner = await createTestCtx(t.db, { role: "member", projectId });
  campaignId = (await seedVotedCampaign(t.db, owner, PLAN)).campaignId;
  tokens.member = await apiToken(t.db, "member", ["read", "write"]);
  tokens.readOnly = await apiToken(t.db, "member", ["read"]);
  tokens.reviewer = await reviewerToken(t.db, ["read", "write"]);
  const [other] = await t.db.insert(projects).values({ slug: "other", name: "other" }).returning();
  tokens.outsider = await apiToken(t.db, "admin", ["read", "write"], other!.id);
});
afterAll(async () => {
  restore?.();
  await t?.close();
});

describe("POST /api/v1/review-campaigns/{id}/preferences", () => {
  it("stores the clear verdicts as a preference dataset version, then returns it again", async () => {
    const res = await api<Made>("POST", path(), {
      token: tokens.member,
      body: { datasetName: "votes" },
    });
    expect(res.status).toBe(201);
    expect(check("post", "/review-campaigns/{id}/preferences", 201, res.body)).toEqual([]);
    expect(res.body).toMatchObject({
      items: 4,
      qualified: 2,
      excluded: { no_votes: 0, tie: 1, both_bad: 0, split: 1, below_agreement: 0 },
      reused: false,
    });
    const [version] = await t.db
      .select()
      .from(datasetVersions)
      .where(eq(datasetVersions.id, res.body.versionId));
    expect(version).toMatchObject({ kind: "preference", datasetId: res.body.datasetId });
    expect(version!.source).toMatchObject({ type: "review_campaign", campaignId });
    const examples = await t.db
      .select()
      .from(datasetExamples)
      .where(eq(datasetExamples.versionId, res.body.versionId));
    expect(examples.map((e) => [e.messages[0]!.content, e.reference, e.rejected]).sort()).toEqual([
      ["question 0", "a 0", "b 0"],
      ["question 2", "b 2", "a 2"],
    ]);

    const again = await api<Made>("POST", path(), {
      token: tokens.member,
      body: { datasetName: "votes" },
    });
    expect(again.status).toBe(200);
    expect(check("post", "/review-campaigns/{id}/preferences", 200, again.body)).toEqual([]);
    expect(again.body).toMatchObject({ versionId: res.body.versionId, reused: true });
  });

  it("validates the body as the UI does and says why too few items qualify", async () => {
    const low = await api<ApiErrorBody>("POST", path(), {
      token: tokens.member,
      body: { minAgreement: 0.5 },
    });
    expect(low.status).toBe(400);
    expect(low.body.error.issues).toEqual([
      {
        path: "minAgreement",
        message: "minimum agreement must be above 0.5: a verdict is already a majority",
      },
    ]);
    // Unanimity still keeps both clear items; a campaign with one would be refused with counts.
    const strict = await api<Made>("POST", path(), {
      token: tokens.member,
      body: { minAgreement: 1 },
    });
    expect(strict.body.qualified).toBe(2);
    const bad = await api<ApiErrorBody>("POST", path(), {
      token: tokens.member,
      rawBody: "{not json",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not valid JSON/);
  });

  it("refuses a campaign with fewer than two clear verdicts, naming the counts", async () => {
    const owner = await createTestCtx(t.db, {
      role: "member",
      projectId: (await ensureDefaultProject(t.db)).id,
    });
    const split = await seedVotedCampaign(t.db, owner, [
      ["a", "a"],
      ["a", "b"],
    ]);
    const res = await api<ApiErrorBody>(
      "POST",
      `/review-campaigns/${split.campaignId}/preferences`,
      { token: tokens.member, body: {} },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/1 of 2 items have a clear verdict/);
    expect(res.body.error.details).toMatchObject({
      qualified: 1,
      excluded: { split: 1 },
    });
  });

  it("needs a write token of a member or admin of the campaign's project", async () => {
    expect((await api("POST", path(), { body: {} })).status).toBe(401);
    expect((await api("POST", path(), { token: tokens.readOnly, body: {} })).status).toBe(403);
    // A reviewer's token stops authenticating (docs/api.md): reviewers work their queue, blind.
    expect((await api("POST", path(), { token: tokens.reviewer, body: {} })).status).toBe(401);
    expect((await api("POST", path(), { token: tokens.outsider, body: {} })).status).toBe(404);
    expect(
      (await api("POST", "/review-campaigns/nope/preferences", { token: tokens.member, body: {} }))
        .status,
    ).toBe(404);
  });
});
