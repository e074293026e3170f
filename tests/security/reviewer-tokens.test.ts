import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, memberships } from "@/drizzle/schema";
import { resolveContext } from "@/server/context";
import type { Ctx } from "@/server/ctx";
import { createCaller } from "@/server/root";
import { api, useApi } from "@/tests/app/api/v1/setup";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

// Issue #12, finding 7: a reviewer could create API tokens although docs/api.md says tokens are for
// admins and members. Reviewers work their queue in the browser; a token would only let a script
// do what the blind review forbids, so reviewers cannot create one, and a token whose owner has
// become a reviewer stops authenticating (it works again if they are made a member).

let t: TestDb;
let restore: () => void;
let reviewer: Ctx;
let member: Ctx;

beforeAll(async () => {
  t = await createTestDb();
  restore = useApi(t.db);
  reviewer = await createTestCtx(t.db, { role: "reviewer" });
  member = await createTestCtx(t.db, { role: "member" });
});
afterAll(async () => {
  restore?.();
  await t?.close();
});

const setRole = (ctx: Ctx, role: "member" | "reviewer") =>
  t.db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.userId, ctx.user!.id), eq(memberships.projectId, ctx.projectId!)));

describe("API tokens and reviewers", () => {
  it("refuses a reviewer who asks for a token, and stores none", async () => {
    await expect(
      createCaller(reviewer).tokens.create({ name: "script", scopes: ["read"] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.$count(apiTokens, eq(apiTokens.userId, reviewer.user!.id))).toBe(0);
  });

  it("stops a token whose owner became a reviewer, and restores it with the member role", async () => {
    const { secret } = await createCaller(member).tokens.create({
      name: "ci",
      scopes: ["read"],
    });
    const headers = new Headers({ authorization: `Bearer ${secret}` });
    expect((await resolveContext(t.db, headers, "multi")).role).toBe("member");
    expect((await api("GET", "/experiments", { token: secret })).status).toBe(200);

    await setRole(member, "reviewer");
    expect((await resolveContext(t.db, headers, "multi")).user).toBeNull();
    expect((await api("GET", "/experiments", { token: secret })).status).toBe(401);

    await setRole(member, "member");
    expect((await api("GET", "/experiments", { token: secret })).status).toBe(200);
  });

  it("still lets a reviewer list and revoke tokens from before the demotion", async () => {
    const { id } = await createCaller(member).tokens.create({ name: "old", scopes: ["read"] });
    await setRole(member, "reviewer");
    const demoted = { ...member, role: "reviewer" as const };
    expect((await createCaller(demoted).tokens.list()).map((x) => x.id)).toContain(id);
    await createCaller(demoted).tokens.revoke({ tokenId: id });
    await setRole(member, "member");
  });
});
