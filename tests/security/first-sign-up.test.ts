import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, users } from "@/drizzle/schema";
import { getAuth } from "@/server/auth";
import { announceSetupToken, SETUP_TOKEN_HEADER, setupToken } from "@/server/auth/setup-token";
import { LOCAL_OWNER } from "@/server/services/projects";
import { authRequest, withMultiUserAuth } from "@/tests/helpers/auth";

// Issue #12, finding 7: on a fresh multi-user server, whoever signed up first became admin, so a
// stranger on the network could claim a new server before its operator did. The first sign-up
// now needs the setup token that the server prints in its log at start-up.

const t = withMultiUserAuth();

const signUp = (i: number, token?: string) =>
  getAuth(t.db).handler(
    authRequest(
      "/sign-up/email",
      { email: `p${i}@example.test`, password: "correct horse", name: `P${i}` },
      { headers: token === undefined ? {} : { [SETUP_TOKEN_HEADER]: token } },
    ),
  );
const people = async () => (await t.db.select().from(users)).filter((u) => u.id !== LOCAL_OWNER.id);
const reset = () => t.db.execute(sql`delete from users where id <> ${LOCAL_OWNER.id}`);

describe("the first sign-up", () => {
  it("prints the setup token in the log while no account exists", async () => {
    const lines: string[] = [];
    await announceSetupToken(t.db, (s) => lines.push(s));
    expect(lines.join("\n")).toContain(setupToken());
  });

  it.each([
    ["without a setup token", undefined],
    ["with a wrong setup token", "setup-guessed"],
  ])("is refused %s, and creates nobody", async (_, token) => {
    const res = await signUp(1, token);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/setup token/);
    expect(await people()).toHaveLength(0);
  });

  it("with the setup token makes the admin, and the token opens nothing afterwards", async () => {
    expect((await signUp(2, setupToken())).status).toBe(200);
    const [admin] = await people();
    const [m] = await t.db.select().from(memberships).where(eq(memberships.userId, admin!.id));
    expect(m!.role).toBe("admin");
    expect((await signUp(3, setupToken())).status).toBe(403);
    expect(await people()).toHaveLength(1);
    const lines: string[] = [];
    await announceSetupToken(t.db, (s) => lines.push(s));
    expect(lines).toEqual([]);
  });

  it("lets only the holder of the token in when strangers race for the first account", async () => {
    await reset();
    const responses = await Promise.all([
      ...Array.from({ length: 7 }, (_, i) => signUp(10 + i)),
      signUp(20, setupToken()),
    ]);
    expect(responses.map((r) => r.status)).toEqual([...Array(7).fill(403), 200]);
    expect((await people()).map((p) => p.email)).toEqual(["p20@example.test"]);
  });
});
