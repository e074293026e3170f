CREATE TYPE "public"."review_campaign_status" AS ENUM('active', 'closed');--> statement-breakpoint
CREATE TYPE "public"."review_choice" AS ENUM('A', 'B', 'tie', 'both_bad');--> statement-breakpoint
CREATE TYPE "public"."review_mode" AS ENUM('pairwise', 'rubric');--> statement-breakpoint
CREATE TYPE "public"."review_outcome" AS ENUM('a', 'b', 'tie', 'both_bad');--> statement-breakpoint
CREATE TABLE "review_campaign_reviewers" (
	"campaign_id" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_campaign_reviewers_campaign_id_user_id_pk" PRIMARY KEY("campaign_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "review_campaign_runs" (
	"campaign_id" text NOT NULL,
	"run_id" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "review_campaign_runs_campaign_id_run_id_pk" PRIMARY KEY("campaign_id","run_id")
);
--> statement-breakpoint
CREATE TABLE "review_campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"experiment_id" text NOT NULL,
	"name" text NOT NULL,
	"mode" "review_mode" NOT NULL,
	"status" "review_campaign_status" DEFAULT 'active' NOT NULL,
	"settings" jsonb NOT NULL,
	"seed" integer NOT NULL,
	"reviewers_per_item" integer NOT NULL,
	"reservation_seconds" integer NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_items" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"position" integer NOT NULL,
	"sample_idx" integer NOT NULL,
	"run_a" text NOT NULL,
	"run_b" text
);
--> statement-breakpoint
CREATE TABLE "review_skips" (
	"item_id" text NOT NULL,
	"reviewer_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_skips_item_id_reviewer_id_pk" PRIMARY KEY("item_id","reviewer_id")
);
--> statement-breakpoint
CREATE TABLE "review_slots" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"item_id" text NOT NULL,
	"position" integer NOT NULL,
	"seq" smallint NOT NULL,
	"reviewer_id" text,
	"token" text,
	"expires_at" timestamp with time zone,
	"claimed_at" timestamp with time zone,
	"swapped" boolean DEFAULT false NOT NULL,
	"filled_at" timestamp with time zone,
	"reopened" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_votes" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"item_id" text NOT NULL,
	"slot_id" text NOT NULL,
	"reviewer_id" text NOT NULL,
	"version" integer NOT NULL,
	"is_current" boolean DEFAULT true NOT NULL,
	"choice" "review_choice",
	"swapped" boolean,
	"outcome" "review_outcome",
	"reason" text,
	"scores" jsonb,
	"pass" boolean,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "review_campaign_reviewers" ADD CONSTRAINT "review_campaign_reviewers_campaign_id_review_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."review_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_campaign_reviewers" ADD CONSTRAINT "review_campaign_reviewers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_campaign_runs" ADD CONSTRAINT "review_campaign_runs_campaign_id_review_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."review_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_campaign_runs" ADD CONSTRAINT "review_campaign_runs_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_campaigns" ADD CONSTRAINT "review_campaigns_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_campaigns" ADD CONSTRAINT "review_campaigns_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_campaigns" ADD CONSTRAINT "review_campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_campaign_id_review_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."review_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_run_a_runs_id_fk" FOREIGN KEY ("run_a") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_run_b_runs_id_fk" FOREIGN KEY ("run_b") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_skips" ADD CONSTRAINT "review_skips_item_id_review_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."review_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_skips" ADD CONSTRAINT "review_skips_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_skips" ADD CONSTRAINT "review_skips_campaign_id_review_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."review_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_slots" ADD CONSTRAINT "review_slots_campaign_id_review_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."review_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_slots" ADD CONSTRAINT "review_slots_item_id_review_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."review_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_slots" ADD CONSTRAINT "review_slots_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_votes" ADD CONSTRAINT "review_votes_campaign_id_review_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."review_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_votes" ADD CONSTRAINT "review_votes_item_id_review_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."review_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_votes" ADD CONSTRAINT "review_votes_slot_reviewer_fk" FOREIGN KEY ("slot_id","reviewer_id") REFERENCES "public"."review_slots"("id","reviewer_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_campaign_reviewers_user_idx" ON "review_campaign_reviewers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "review_campaigns_experiment_idx" ON "review_campaigns" USING btree ("project_id","experiment_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "review_items_position_idx" ON "review_items" USING btree ("campaign_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "review_slots_seq_idx" ON "review_slots" USING btree ("item_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "review_slots_item_reviewer_idx" ON "review_slots" USING btree ("item_id","reviewer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_slots_token_idx" ON "review_slots" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "review_slots_id_reviewer_idx" ON "review_slots" USING btree ("id","reviewer_id");--> statement-breakpoint
CREATE INDEX "review_slots_open_idx" ON "review_slots" USING btree ("campaign_id","position","seq") WHERE filled_at IS NULL;--> statement-breakpoint
CREATE INDEX "review_slots_reviewer_idx" ON "review_slots" USING btree ("campaign_id","reviewer_id","filled_at");--> statement-breakpoint
CREATE UNIQUE INDEX "review_votes_version_idx" ON "review_votes" USING btree ("slot_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "review_votes_current_slot_idx" ON "review_votes" USING btree ("slot_id") WHERE is_current;--> statement-breakpoint
CREATE UNIQUE INDEX "review_votes_current_reviewer_idx" ON "review_votes" USING btree ("item_id","reviewer_id") WHERE is_current;--> statement-breakpoint
CREATE INDEX "review_votes_campaign_idx" ON "review_votes" USING btree ("campaign_id","created_at");