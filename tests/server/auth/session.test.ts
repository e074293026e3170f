import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, users } from "@/drizzle/schema";
import { getAuth } from "@/server/auth";
import { SETUP_TOKEN_HEADER, setupToken } from "@/server/auth/setup-token";
import { resolveContext } from "@/server/context";
import { createCaller } from "@/server/root";
import { authRequest } from "@/tests/helpers/auth";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

// Multi-user mode end to end through better-auth's real HTTP handler: the first account signs
// itself up and becomes admin, sign-up then closes, and invited people sign in with the one-time
// password the admin was shown.
describe("multi-user sessions", () => {
  let t: TestDb;
  const saved = process.env.TUNEBENCH_AUTH;
  beforeAll(async () => {
    process.env.TUNEBENCH_AUTH = "multi";
    process.env.BETTER_AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
    process.env.BETTER_AUTH_URL ??= "http://127.0.0.1:3000";
    t = await createTestDb();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.TUNEBENCH_AUTH;
    else process.env.TUNEBENCH_AUTH = saved;
    await t.close();
  });

  // The operator holds the setup token from the log; it opens sign-up only for the first account.
  const post = (path: string, body: unknown) =>
    getAuth(t.db).handler(
      authRequest(path, body, { headers: { [SETUP_TOKEN_HEADER]: setupToken() } }),
    );
  const cookieOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  const ctxFor = (cookie: string) =>
    resolveContext(t.db, new Headers(cookie ? { cookie } : {}), "multi");

  it("lets the first person sign up and makes them admin; then sign-up closes", async () => {
    const anon = createCaller(await ctxFor(""));
    expect(await anon.auth.status()).toEqual({ mode: "multi", signedIn: false, signUpOpen: true });
    await expect(anon.auth.whoami()).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const res = await post("/sign-up/email", {
      email: "ada@example.test",
      password: "correct horse",
      name: "Ada",
    });
    expect(res.status).toBe(200);
    const ctx = await ctxFor(cookieOf(res));
    expect(ctx).toMatchObject({
      via: "session",
      role: "admin",
      user: { email: "ada@example.test" },
    });
    expect(await createCaller(ctx).auth.status()).toMatchObject({
      signedIn: true,
      signUpOpen: false,
    });

    const second = await post("/sign-up/email", {
      email: "eve@example.test",
      password: "password123",
      name: "Eve",
    });
    expect(second.ok).toBe(false);
    expect(await t.db.$count(users, eq(users.email, "eve@example.test"))).toBe(0);
  });

  it("signs an invited person in with their one-time password, with the role they were given", async () => {
    const signIn = await post("/sign-in/email", {
      email: "ada@example.test",
      password: "correct horse",
    });
    const admin = createCaller(await ctxFor(cookieOf(signIn)));
    const invited = await admin.users.invite({
      name: "Rev",
      email: "Rev@Example.test",
      role: "reviewer",
    });
    expect(invited.temporaryPassword).toMatch(/^\S{12,}$/);

    const wrong = await post("/sign-in/email", {
      email: "rev@example.test",
      password: "not-it-at-all",
    });
    expect(wrong.status).toBe(401);
    const res = await post("/sign-in/email", {
      email: "rev@example.test",
      password: invited.temporaryPassword,
    });
    expect(res.status).toBe(200);
    const ctx = await ctxFor(cookieOf(res));
    expect(ctx).toMatchObject({ via: "session", role: "reviewer", user: { id: invited.userId } });
  });

  it("a signed-in person outside every project is forbidden, not unauthorized", async () => {
    const signIn = await post("/sign-in/email", { email: "rev@example.test", password: "x" });
    expect(signIn.status).toBe(401);
    const [rev] = await t.db.select().from(users).where(eq(users.email, "rev@example.test"));
    await t.db.delete(memberships).where(eq(memberships.userId, rev!.id));
    const ctx = { db: t.db, user: rev!, projectId: null, role: null, via: "session" as const };
    await expect(createCaller(ctx).auth.whoami()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("local mode signs the owner in without credentials", async () => {
    const ctx = await resolveContext(t.db, new Headers(), "local");
    expect(ctx).toMatchObject({ via: "local", role: "admin", user: { id: "local-owner" } });
    // A bad token is anonymous even in local mode: no silent fallback to the owner.
    const bad = await resolveContext(
      t.db,
      new Headers({ authorization: "Bearer tb_nope" }),
      "local",
    );
    expect(bad.user).toBeNull();
  });
});
