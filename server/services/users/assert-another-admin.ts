import { and, eq, ne } from "drizzle-orm";
import { memberships } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { conflict } from "@/server/errors";

/** A project must keep at least one admin, or nobody could manage it again. */
export async function assertAnotherAdmin(
  db: Db,
  projectId: string,
  leavingUserId: string,
): Promise<void> {
  const others = await db.$count(
    memberships,
    and(
      eq(memberships.projectId, projectId),
      eq(memberships.role, "admin"),
      ne(memberships.userId, leavingUserId),
    ),
  );
  if (others === 0)
    throw conflict("A project needs at least one admin: make someone else admin first.");
}
