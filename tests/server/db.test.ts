import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, memberships, projects, users } from "@/drizzle/schema";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

describe("database", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.close());

  it("applies the migrations on open", async () => {
    const rows = await t.db.execute<{ table_name: string }>(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    const names = rows.rows.map((r) => r.table_name);
    for (const table of [
      "users",
      "sessions",
      "accounts",
      "verifications",
      "projects",
      "memberships",
      "api_tokens",
      "jobs",
    ]) {
      expect(names).toContain(table);
    }
  });

  it("enforces the role enum and cascades deletes", async () => {
    const [project] = await t.db.insert(projects).values({ slug: "p1", name: "P1" }).returning();
    await t.db.insert(users).values({ id: "u1", name: "U", email: "u@example.com" });
    await t.db
      .insert(memberships)
      .values({ projectId: project!.id, userId: "u1", role: "reviewer" });
    await expect(
      t.db.execute(
        sql`INSERT INTO memberships (project_id, user_id, role) VALUES (${project!.id}, 'u1', 'owner')`,
      ),
    ).rejects.toThrow();
    await t.db.delete(users).where(eq(users.id, "u1"));
    expect(await t.db.select().from(memberships)).toHaveLength(0);
  });

  it("rejects a second job with the same idempotency key", async () => {
    await t.db.insert(jobs).values({ kind: "k", key: "same", payload: {} });
    await expect(
      t.db.insert(jobs).values({ kind: "k", key: "same", payload: {} }),
    ).rejects.toThrow();
    // NULL keys never collide: most jobs have none.
    await t.db.insert(jobs).values([
      { kind: "k", payload: {} },
      { kind: "k", payload: {} },
    ]);
    expect(await t.db.$count(jobs)).toBe(3);
  });
});
