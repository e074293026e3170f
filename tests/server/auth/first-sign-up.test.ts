import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, users } from "@/drizzle/schema";
import { getAuth } from "@/server/auth";
import { SETUP_TOKEN_HEADER, setupToken } from "@/server/auth/setup-token";
import { LOCAL_OWNER } from "@/server/services/projects";
import { authRequest, withMultiUserAuth } from "@/tests/helpers/auth";

// A fresh multi-user server gives admin to whoever signs up first. Several sign-ups racing for
// that moment must still yield exactly one account and one admin.
describe("first sign-up race", () => {
  const t = withMultiUserAuth();

  const signUp = (i: number) =>
    getAuth(t.db).handler(
      authRequest(
        "/sign-up/email",
        { email: `p${i}@example.test`, password: "correct horse", name: `P${i}` },
        { headers: { [SETUP_TOKEN_HEADER]: setupToken() } }, // all hold it: the race is the point
      ),
    );

  // Before the fix PostgreSQL let two sign-ups in about one round in eight; ten rounds make a
  // regression likely to show.
  it.each(Array.from({ length: 10 }, (_, i) => i))(
    "lets exactly one of eight simultaneous sign-ups in, as the only admin %i",
    async () => {
      await t.db.execute(sql`delete from users where id <> ${LOCAL_OWNER.id}`);
      const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => signUp(i)));
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 403)).toHaveLength(7);

      const people = (await t.db.select().from(users)).filter((u) => u.id !== LOCAL_OWNER.id);
      expect(people).toHaveLength(1);
      const admins = await t.db.select().from(memberships).where(eq(memberships.role, "admin"));
      expect(admins.map((m) => m.userId)).toEqual([people[0]!.id]);
    },
  );
});
