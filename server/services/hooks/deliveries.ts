import { and, eq } from "drizzle-orm";
import type { HookSource } from "@/core/enums";
import { hookDeliveries } from "@/drizzle/schema";
import { type Db, withTransaction } from "@/server/db";

export type Delivery = {
  projectId: string;
  source: HookSource;
  deliveryId: string;
  runId: string | null;
  outcome: string;
  detail?: unknown;
};

/** A cheap early look, to skip fetching from a vendor for a delivery already handled. */
export async function seenDelivery(
  db: Db,
  d: Pick<Delivery, "projectId" | "source" | "deliveryId">,
): Promise<boolean> {
  const [row] = await db
    .select({ id: hookDeliveries.id })
    .from(hookDeliveries)
    .where(
      and(
        eq(hookDeliveries.projectId, d.projectId),
        eq(hookDeliveries.source, d.source),
        eq(hookDeliveries.deliveryId, d.deliveryId),
      ),
    );
  return !!row;
}

/**
 * Records the delivery and applies its effect in one transaction. The unique (project, source,
 * delivery id) row is the idempotency key: a second delivery, even one racing the first, finds
 * the row (waiting for the first transaction on PostgreSQL) and applies nothing.
 */
export async function acceptDelivery(
  db: Db,
  d: Delivery,
  effect: (tx: Db) => Promise<void>,
): Promise<"accepted" | "duplicate"> {
  return withTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(hookDeliveries)
      .values({
        projectId: d.projectId,
        source: d.source,
        deliveryId: d.deliveryId,
        runId: d.runId,
        outcome: d.outcome,
        detail: d.detail ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: hookDeliveries.id });
    if (!row) return "duplicate" as const;
    await effect(tx);
    return "accepted" as const;
  });
}
