import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens } from "@/drizzle/schema";
import { resolveContext } from "@/server/context";
import type { Ctx } from "@/server/ctx";
import { createCaller } from "@/server/root";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

describe("API tokens", () => {
  let t: TestDb;
  let admin: Ctx;
  let member: Ctx;
  beforeAll(async () => {
    t = await createTestDb();
    admin = await createTestCtx(t.db, { role: "admin" });
    member = await createTestCtx(t.db, { role: "member" });
  });
  afterAll(() => t.close());

  const bearer = (secret: string) =>
    resolveContext(t.db, new Headers({ authorization: `Bearer ${secret}` }), "multi");

  it("shows the secret once and stores only its sha256", async () => {
    const created = await createCaller(admin).tokens.create({ name: "ci", scopes: ["read"] });
    expect(created.secret).toMatch(/^tb_[A-Za-z0-9_-]{40,}$/);
    expect(created.secret.startsWith(created.prefix)).toBe(true);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.hash).toBe(createHash("sha256").update(created.secret).digest("hex"));
    // The secret appears in no column of any token row.
    const leaks = await t.db.execute(
      sql`SELECT count(*)::int AS n FROM api_tokens WHERE position(${created.secret} in api_tokens::text) > 0`,
    );
    expect(leaks.rows[0]).toEqual({ n: 0 });
    const listed = await createCaller(admin).tokens.list();
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(listed[0]).not.toHaveProperty("hash");
  });

  it("authenticates as its owner, with the owner's role", async () => {
    const { secret } = await createCaller(member).tokens.create({
      name: "script",
      scopes: ["read", "write"],
    });
    const ctx = await bearer(secret);
    expect(ctx).toMatchObject({
      via: "token",
      user: { id: member.user!.id },
      role: "member",
      scopes: ["read", "write"],
    });
    // A write scope does not lift a member above their role.
    await expect(createCaller(ctx).webhooks.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("enforces scopes: read for queries, write for mutations", async () => {
    const read = await bearer(
      (await createCaller(admin).tokens.create({ name: "r", scopes: ["read"] })).secret,
    );
    const write = await bearer(
      (await createCaller(admin).tokens.create({ name: "w", scopes: ["write"] })).secret,
    );
    const hooks = await bearer(
      (await createCaller(admin).tokens.create({ name: "h", scopes: ["hooks"] })).secret,
    );
    await expect(createCaller(read).users.list()).resolves.toBeInstanceOf(Array);
    await expect(
      createCaller(read).users.invite({ name: "X", email: "x@example.test", role: "member" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining('"write" scope'),
    });
    await expect(createCaller(write).users.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      createCaller(write).users.invite({ name: "X", email: "x@example.test", role: "member" }),
    ).resolves.toMatchObject({ role: "member" });
    await expect(createCaller(hooks).projects.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    // A token cannot mint tokens, even with the write scope.
    await expect(
      createCaller(write).tokens.create({ name: "again", scopes: ["read"] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a revoked, expired, unknown or malformed token", async () => {
    const caller = createCaller(admin);
    const revoked = await caller.tokens.create({ name: "old", scopes: ["read"] });
    expect((await bearer(revoked.secret)).user).not.toBeNull();
    await caller.tokens.revoke({ tokenId: revoked.id });
    expect((await bearer(revoked.secret)).user).toBeNull();
    await expect(createCaller(await bearer(revoked.secret)).projects.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });

    const expired = await caller.tokens.create({
      name: "short",
      scopes: ["read"],
      expiresInDays: 1,
    });
    await t.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, expired.id));
    expect((await bearer(expired.secret)).user).toBeNull();

    expect((await bearer(`${revoked.secret.slice(0, -1)}x`)).user).toBeNull();
    expect(
      (await resolveContext(t.db, new Headers({ authorization: "Basic abc" }), "local")).user,
    ).toBeNull();
  });

  it("lets members revoke only their own tokens, and removing a member revokes theirs", async () => {
    const member = await createTestCtx(t.db, { role: "member" });
    const own = await createCaller(member).tokens.create({ name: "mine", scopes: ["read"] });
    const admins = await createCaller(admin).tokens.create({ name: "admins", scopes: ["read"] });
    await expect(createCaller(member).tokens.revoke({ tokenId: admins.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await createCaller(member).tokens.list()).map((x) => x.id)).toEqual([own.id]);
    await createCaller(admin).users.remove({ userId: member.user!.id });
    expect((await bearer(own.secret)).user).toBeNull();
  });

  it("records when a token was last used", async () => {
    const created = await createCaller(admin).tokens.create({ name: "used", scopes: ["read"] });
    await bearer(created.secret);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
  });
});
