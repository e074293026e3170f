import { randomBytes, randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";

/** What itemPayload needs to know about a slot. */
export type SlotRef = {
  id: string;
  itemId: string;
  token: string;
  expiresAt: Date;
  swapped: boolean;
  filled: boolean;
};
type Row = {
  id: string;
  item_id: string;
  token: string;
  expires_ms: number | string;
  swapped: boolean;
  filled: boolean;
};

/** A fresh opaque handle: random, so it says nothing about the item, the runs or the queue order. */
export const newSlotToken = () => randomBytes(18).toString("base64url");

// Epoch milliseconds: raw timestamps come back as driver-specific strings.
const RETURNING = sql`RETURNING id, item_id, token, (extract(epoch from expires_at) * 1000)::float8 AS expires_ms, swapped, filled_at IS NOT NULL AS filled`;
const toRef = (r: Row): SlotRef => ({
  id: r.id,
  itemId: r.item_id,
  token: r.token,
  expiresAt: new Date(Number(r.expires_ms)),
  swapped: r.swapped,
  filled: r.filled,
});

/**
 * The caller's slot to work on next: the unfilled reservation they already hold (its timer
 * restarted, so a reload or a second tab shows the same item), else the first open or expired
 * slot in queue order on an item they have neither judged, held nor skipped.
 *
 * Two reviewers never get one slot: the claim is one UPDATE whose target row is picked with
 * FOR UPDATE SKIP LOCKED and re-checked by the UPDATE itself, so a row changed by a concurrent
 * claim is skipped. One reviewer never holds two slots of an item: the unique index
 * (item_id, reviewer_id) rejects it, and the claim is retried.
 */
export async function claimSlot(
  db: Db,
  campaignId: string,
  reviewerId: string,
  reservationSeconds: number,
  pairwise: boolean,
  opts: { holdsNone?: boolean } = {},
): Promise<SlotRef | null> {
  const ttl = sql`now() + make_interval(secs => ${reservationSeconds})`;
  // holdsNone: the caller just filled or released its reservation, so there is none to look up.
  const held = opts.holdsNone
    ? { rows: [] as Row[] }
    : await db.execute<Row>(sql`
    UPDATE review_slots SET expires_at = ${ttl}
    WHERE id = (
      SELECT id FROM review_slots
      WHERE reviewer_id = ${reviewerId} AND campaign_id = ${campaignId} AND filled_at IS NULL
      LIMIT 1 FOR UPDATE
    ) AND reviewer_id = ${reviewerId} AND filled_at IS NULL
    ${RETURNING}`);
  if (held.rows[0]) return toRef(held.rows[0]);

  // A null answer is retried once: a candidate changed between the pick and the UPDATE's
  // re-check also yields no row, and must not read as "queue empty".
  let empty = 0;
  for (let attempt = 0; attempt < 6 && empty < 2; attempt++) {
    try {
      const claimed = await db.execute<Row>(sql`
        UPDATE review_slots SET reviewer_id = ${reviewerId}, token = ${newSlotToken()}, expires_at = ${ttl},
          claimed_at = now(), swapped = ${pairwise && randomInt(2) === 1}, reopened = false
        WHERE id = (
          SELECT o.id FROM review_slots o
          WHERE o.campaign_id = ${campaignId} AND o.filled_at IS NULL
            AND (o.reviewer_id IS NULL OR o.expires_at < now())
            AND NOT EXISTS (SELECT 1 FROM review_slots m WHERE m.item_id = o.item_id AND m.reviewer_id = ${reviewerId})
            AND NOT EXISTS (SELECT 1 FROM review_skips k WHERE k.item_id = o.item_id AND k.reviewer_id = ${reviewerId})
          ORDER BY o.position, o.seq LIMIT 1 FOR UPDATE SKIP LOCKED
        ) AND filled_at IS NULL AND (reviewer_id IS NULL OR expires_at < now())
        ${RETURNING}`);
      if (claimed.rows[0]) return toRef(claimed.rows[0]);
      empty++;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  return null;
}

export function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e; c && typeof c === "object"; c = (c as { cause?: unknown }).cause) {
    if ((c as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
