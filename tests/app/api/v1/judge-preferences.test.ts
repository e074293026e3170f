import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { datasetVersions, projects } from "@/drizzle/schema";
import type { ApiErrorBody } from "@/server/api/errors";
import type * as out from "@/server/api/schemas";
import { ensureDefaultProject } from "@/server/services/projects";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import {
  type JudgedExperiment,
  seedJudgedExperiment,
} from "@/tests/server/services/judges/judged-experiment";
import { responseValidator } from "./openapi-check";
import { api, apiToken, reviewerToken, useApi } from "./setup";

// Two samples won in both orders (one by run-a, one by the baseline), a flip and a tie.
let t: TestDb;
let restore: () => void;
let seeded: JudgedExperiment;
const tokens = {} as Record<"member" | "readOnly" | "reviewer" | "outsider", string>;
const check = responseValidator();
const OP = "/experiments/{id}/judge-preferences";
const path = () => `/experiments/${seeded.experimentId}/judge-preferences`;
type Made = z.infer<typeof out.JudgePreferenceDatasetOut>;

beforeAll(async () => {
  t = await createTestDb();
  restore = useApi(t.db);
  const projectId = (await ensureDefaultProject(t.db)).id;
  seeded = await seedJudgedExperiment(t.db, projectId, [
    ["A", "B"],
    ["B", "A"],
    ["A", "A"],
    ["C", "C"],
  ]);
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

describe("POST /api/v1/experiments/{id}/judge-preferences", () => {
  it("stores the agreeing verdicts as a preference dataset version, then returns it again", async () => {
    const body = { judgeId: seeded.judgeId, runId: seeded.runId, datasetName: "judged" };
    const res = await api<Made>("POST", path(), { token: tokens.member, body });
    expect(res.status).toBe(201);
    expect(check("post", OP, 201, res.body)).toEqual([]);
    expect(res.body).toMatchObject({
      pairs: 4,
      qualified: 2,
      excluded: { tie: 1, flip: 1, unparsed: 0, incomplete: 0 },
      reused: false,
    });
    const [version] = await t.db
      .select()
      .from(datasetVersions)
      .where(eq(datasetVersions.id, res.body.versionId));
    expect(version).toMatchObject({ kind: "preference", datasetId: res.body.datasetId });
    expect(version!.source).toMatchObject({
      type: "judge",
      judgeId: seeded.judgeId,
      judgeVersion: 1,
      runId: seeded.runId,
      againstRunId: seeded.baselineId,
    });
    const again = await api<Made>("POST", path(), { token: tokens.member, body });
    expect(again.status).toBe(200);
    expect(check("post", OP, 200, again.body)).toEqual([]);
    expect(again.body).toMatchObject({ versionId: res.body.versionId, reused: true });
  });

  it("names what is wrong: the body, a judge that is not pairwise, a run without verdicts", async () => {
    const missing = await api<ApiErrorBody>("POST", path(), {
      token: tokens.member,
      body: { judgeId: seeded.judgeId },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues?.map((i) => i.path)).toEqual(["runId"]);
    const single = await api<ApiErrorBody>("POST", path(), {
      token: tokens.member,
      body: { judgeId: seeded.singleJudgeId, runId: seeded.runId },
    });
    expect(single.status).toBe(400);
    expect(single.body.error.message).toMatch(/is not a pairwise judge/);
    const none = await api<ApiErrorBody>("POST", path(), {
      token: tokens.member,
      body: { judgeId: seeded.judgeId, runId: seeded.unjudgedRunId },
    });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/has no verdicts on run run-c/);
  });

  it("needs a write token of a member or admin of the experiment's project", async () => {
    const body = { judgeId: seeded.judgeId, runId: seeded.runId };
    expect((await api("POST", path(), { body })).status).toBe(401);
    expect((await api("POST", path(), { token: tokens.readOnly, body })).status).toBe(403);
    expect((await api("POST", path(), { token: tokens.reviewer, body })).status).toBe(401);
    expect((await api("POST", path(), { token: tokens.outsider, body })).status).toBe(404);
    const nope = "/experiments/nope/judge-preferences";
    expect((await api("POST", nope, { token: tokens.member, body })).status).toBe(404);
  });
});
