import { sql } from "drizzle-orm";
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import {
  REVIEW_CAMPAIGN_STATUSES,
  REVIEW_CHOICES,
  REVIEW_MODES,
  REVIEW_OUTCOMES,
} from "../../core/enums";
import type { CampaignSettings, RubricVote } from "../../server/schemas/reviews";
import { users } from "./auth";
import { createdAt, id, tstz } from "./columns";
import { experiments } from "./experiments";
import { projects } from "./projects";
import { runs } from "./runs";

export const reviewMode = pgEnum("review_mode", REVIEW_MODES);

export const reviewCampaignStatus = pgEnum("review_campaign_status", REVIEW_CAMPAIGN_STATUSES);

export const reviewChoice = pgEnum("review_choice", REVIEW_CHOICES);

export const reviewOutcome = pgEnum("review_outcome", REVIEW_OUTCOMES);

export const reviewCampaigns = pgTable(
  "review_campaigns",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mode: reviewMode("mode").notNull(),
    status: reviewCampaignStatus("status").notNull().default("active"),
    settings: jsonb("settings").$type<CampaignSettings>().notNull(),
    seed: integer("seed").notNull(),
    reviewersPerItem: integer("reviewers_per_item").notNull(),
    reservationSeconds: integer("reservation_seconds").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    /** Set with status "closed": no votes or claims after it, so the results are final. */
    closedAt: tstz("closed_at"),
  },
  (t) => [index("review_campaigns_experiment_idx").on(t.projectId, t.experimentId, t.createdAt)],
);

export const reviewCampaignRuns = pgTable(
  "review_campaign_runs",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => reviewCampaigns.id, { onDelete: "cascade" }),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    /** Order as chosen (or leaderboard order for top K). */
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.runId] })],
);

export const reviewCampaignReviewers = pgTable(
  "review_campaign_reviewers",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => reviewCampaigns.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.userId] }),
    index("review_campaign_reviewers_user_idx").on(t.userId),
  ],
);

/** One thing to judge: a sample's output (rubric: runA only) or a sample's pair of outputs
 *  (pairwise: runA vs runB). `position` is the queue order, a seeded shuffle. */
export const reviewItems = pgTable(
  "review_items",
  {
    id: id(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => reviewCampaigns.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    sampleIdx: integer("sample_idx").notNull(),
    runA: text("run_a")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    runB: text("run_b").references(() => runs.id, { onDelete: "cascade" }),
  },
  (t) => [uniqueIndex("review_items_position_idx").on(t.campaignId, t.position)],
);

/**
 * reviewersPerItem slots per item. A slot is open (reviewerId null), reserved (reviewerId,
 * token, expiresAt; reclaimable once expired while filledAt is null) or filled (filledAt set;
 * its reviewer can no longer change: the votes' composite foreign key pins it). The token is a
 * random opaque string, the only handle a reviewer ever sees; it is rotated on every claim.
 */
export const reviewSlots = pgTable(
  "review_slots",
  {
    id: id(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => reviewCampaigns.id, { onDelete: "cascade" }),
    itemId: text("item_id")
      .notNull()
      .references(() => reviewItems.id, { onDelete: "cascade" }),
    /** The item's position, copied so the claim query reads one index in queue order. */
    position: integer("position").notNull(),
    seq: smallint("seq").notNull(),
    // No cascade: a reviewer's votes hang off their slots, so an account with votes stays.
    reviewerId: text("reviewer_id").references(() => users.id),
    token: text("token"),
    expiresAt: tstz("expires_at"),
    claimedAt: tstz("claimed_at"),
    /** Pairwise: true when runB is shown as side A to this slot's reviewer. */
    swapped: boolean("swapped").notNull().default(false),
    /** Time of the first vote; later versions do not move it (it orders the reviewer's history). */
    filledAt: tstz("filled_at"),
    /** Set while a filled slot is reopened by back/undo. */
    reopened: boolean("reopened").notNull().default(false),
  },
  (t) => [
    uniqueIndex("review_slots_seq_idx").on(t.itemId, t.seq),
    // A reviewer never holds two slots of one item, so never judges the same item twice.
    uniqueIndex("review_slots_item_reviewer_idx").on(t.itemId, t.reviewerId),
    uniqueIndex("review_slots_token_idx").on(t.token),
    // Target of the votes' composite foreign key.
    unique("review_slots_id_reviewer_uq").on(t.id, t.reviewerId), // a constraint, created with the table, before the foreign key
    // The claim query: open or reclaimable slots of a campaign in queue order.
    index("review_slots_open_idx")
      .on(t.campaignId, t.position, t.seq)
      .where(sql`filled_at IS NULL`),
    index("review_slots_reviewer_idx").on(t.campaignId, t.reviewerId, t.filledAt),
    // "The reservation I hold": usually none, so without this the lookup walks every open slot.
    index("review_slots_held_idx")
      .on(t.reviewerId, t.campaignId)
      .where(sql`filled_at IS NULL AND reviewer_id IS NOT NULL`),
  ],
);

/** Items a reviewer skipped: never offered to them again. */
export const reviewSkips = pgTable(
  "review_skips",
  {
    itemId: text("item_id")
      .notNull()
      .references(() => reviewItems.id, { onDelete: "cascade" }),
    reviewerId: text("reviewer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => reviewCampaigns.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.reviewerId] }),
    index("review_skips_reviewer_idx").on(t.reviewerId, t.campaignId),
  ],
);

/**
 * Every version of every vote. A changed vote is a new row with version + 1; the previous row
 * loses `isCurrent`. Partial unique indexes make a second current vote on a slot, or a second
 * current vote by one reviewer on one item, impossible, whatever the application does.
 */
export const reviewVotes = pgTable(
  "review_votes",
  {
    id: id(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => reviewCampaigns.id, { onDelete: "cascade" }),
    itemId: text("item_id")
      .notNull()
      .references(() => reviewItems.id, { onDelete: "cascade" }),
    slotId: text("slot_id").notNull(),
    reviewerId: text("reviewer_id").notNull(),
    version: integer("version").notNull(),
    isCurrent: boolean("is_current").notNull().default(true),
    /** Pairwise: as pressed, relative to the displayed sides, with the side mapping then in force. */
    choice: reviewChoice("choice"),
    swapped: boolean("swapped"),
    /** Pairwise: relative to the item's runs (runA/runB). */
    outcome: reviewOutcome("outcome"),
    reason: text("reason"),
    /** Rubric: { [criterionKey]: 1..5 }. */
    scores: jsonb("scores").$type<RubricVote["scores"]>(),
    pass: boolean("pass"),
    comment: text("comment"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("review_votes_version_idx").on(t.slotId, t.version),
    uniqueIndex("review_votes_current_slot_idx").on(t.slotId).where(sql`is_current`),
    uniqueIndex("review_votes_current_reviewer_idx")
      .on(t.itemId, t.reviewerId)
      .where(sql`is_current`),
    index("review_votes_campaign_idx").on(t.campaignId, t.createdAt),
    // The vote's reviewer is the slot's reviewer, and a voted slot cannot change hands.
    foreignKey({
      name: "review_votes_slot_reviewer_fk",
      columns: [t.slotId, t.reviewerId],
      foreignColumns: [reviewSlots.id, reviewSlots.reviewerId],
    }).onDelete("cascade"),
  ],
);
