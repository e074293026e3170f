CREATE TYPE "public"."gate_verdict" AS ENUM('passed', 'failed', 'none', 'pending');--> statement-breakpoint
CREATE TYPE "public"."review_campaign_status" AS ENUM('active', 'closed');--> statement-breakpoint
CREATE TYPE "public"."review_choice" AS ENUM('A', 'B', 'tie', 'both_bad');--> statement-breakpoint
CREATE TYPE "public"."review_mode" AS ENUM('pairwise', 'rubric');--> statement-breakpoint
CREATE TYPE "public"."review_outcome" AS ENUM('a', 'b', 'tie', 'both_bad');--> statement-breakpoint
CREATE TABLE "project_secrets" (
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"ciphertext" text NOT NULL,
	"hint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_secrets_project_id_name_pk" PRIMARY KEY("project_id","name")
);
--> statement-breakpoint
CREATE TABLE "project_settings" (
	"project_id" text PRIMARY KEY NOT NULL,
	"sagemaker" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"openai" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hooks_enabled" boolean DEFAULT true NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"source" text NOT NULL,
	"delivery_id" text NOT NULL,
	"run_id" text,
	"outcome" text NOT NULL,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"delivery_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"status_code" integer,
	"latency_ms" integer NOT NULL,
	"response" text,
	"error" text,
	"next_retry_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"event_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_status_code" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"events" text[] NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"secret_hint" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"type" text NOT NULL,
	"key" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gate_verdicts" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"experiment_id" text NOT NULL,
	"run_id" text NOT NULL,
	"evaluation_id" text NOT NULL,
	"verdict" "gate_verdict" NOT NULL,
	"checks" jsonb NOT NULL,
	"gates" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "checkpoint_evaluation_samples" (
	"checkpoint_evaluation_id" text NOT NULL,
	"idx" integer NOT NULL,
	"prompt" text NOT NULL,
	"reference" text NOT NULL,
	"output" text NOT NULL,
	"scores" jsonb NOT NULL,
	"primary_score" double precision,
	CONSTRAINT "checkpoint_evaluation_samples_checkpoint_evaluation_id_idx_pk" PRIMARY KEY("checkpoint_evaluation_id","idx")
);
--> statement-breakpoint
CREATE TABLE "checkpoint_evaluations" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"step" integer NOT NULL,
	"kind" text DEFAULT 'checkpoint' NOT NULL,
	"adapter_path" text,
	"status" text NOT NULL,
	"sample_count" integer DEFAULT 0 NOT NULL,
	"scores" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "evaluation_usage" (
	"run_id" text NOT NULL,
	"kind" text NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"usd" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_usage_run_id_kind_pk" PRIMARY KEY("run_id","kind")
);
--> statement-breakpoint
CREATE TABLE "run_checkpoints" (
	"run_id" text NOT NULL,
	"step" integer NOT NULL,
	"path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_checkpoints_run_id_step_pk" PRIMARY KEY("run_id","step")
);
--> statement-breakpoint
CREATE TABLE "run_metric_tile_state" (
	"run_id" text NOT NULL,
	"name" text NOT NULL,
	"width" integer NOT NULL,
	"covered_to" integer NOT NULL,
	"points" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_metric_tile_state_run_id_name_width_pk" PRIMARY KEY("run_id","name","width")
);
--> statement-breakpoint
CREATE TABLE "run_metric_tiles" (
	"run_id" text NOT NULL,
	"name" text NOT NULL,
	"width" integer NOT NULL,
	"bucket" integer NOT NULL,
	"n" integer NOT NULL,
	"min_value" double precision NOT NULL,
	"max_value" double precision NOT NULL,
	"steps" integer[] NOT NULL,
	"values" double precision[] NOT NULL,
	"times" double precision[] NOT NULL,
	CONSTRAINT "run_metric_tiles_run_id_name_width_bucket_pk" PRIMARY KEY("run_id","name","width","bucket")
);
--> statement-breakpoint
CREATE TABLE "user_preferences" (
	"user_id" text NOT NULL,
	"project_id" text NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_preferences_user_id_project_id_key_pk" PRIMARY KEY("user_id","project_id","key")
);
--> statement-breakpoint
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
	"reopened" boolean DEFAULT false NOT NULL,
	CONSTRAINT "review_slots_id_reviewer_uq" UNIQUE("id","reviewer_id")
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
ALTER TABLE "runs" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "summary" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "cost" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "promoted_step" integer;--> statement-breakpoint
ALTER TABLE "project_secrets" ADD CONSTRAINT "project_secrets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_settings" ADD CONSTRAINT "project_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_settings" ADD CONSTRAINT "project_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hook_deliveries" ADD CONSTRAINT "hook_deliveries_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hook_deliveries" ADD CONSTRAINT "hook_deliveries_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."webhook_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_verdicts" ADD CONSTRAINT "gate_verdicts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_verdicts" ADD CONSTRAINT "gate_verdicts_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_verdicts" ADD CONSTRAINT "gate_verdicts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_verdicts" ADD CONSTRAINT "gate_verdicts_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkpoint_evaluation_samples" ADD CONSTRAINT "checkpoint_evaluation_samples_checkpoint_evaluation_id_checkpoint_evaluations_id_fk" FOREIGN KEY ("checkpoint_evaluation_id") REFERENCES "public"."checkpoint_evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" ADD CONSTRAINT "checkpoint_evaluations_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_usage" ADD CONSTRAINT "evaluation_usage_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_checkpoints" ADD CONSTRAINT "run_checkpoints_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_metric_tile_state" ADD CONSTRAINT "run_metric_tile_state_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_metric_tiles" ADD CONSTRAINT "run_metric_tiles_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_preferences" ADD CONSTRAINT "user_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_preferences" ADD CONSTRAINT "user_preferences_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
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
CREATE UNIQUE INDEX "hook_deliveries_delivery_idx" ON "hook_deliveries" USING btree ("project_id","source","delivery_id");--> statement-breakpoint
CREATE INDEX "hook_deliveries_run_idx" ON "hook_deliveries" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_endpoint_idx" ON "webhook_deliveries" USING btree ("event_id","endpoint_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_project_idx" ON "webhook_endpoints" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_key_idx" ON "webhook_events" USING btree ("project_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "gate_verdicts_run_idx" ON "gate_verdicts" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "gate_verdicts_experiment_idx" ON "gate_verdicts" USING btree ("experiment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "checkpoint_evaluations_run_step_idx" ON "checkpoint_evaluations" USING btree ("run_id","step");--> statement-breakpoint
CREATE INDEX "review_campaign_reviewers_user_idx" ON "review_campaign_reviewers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "review_campaigns_experiment_idx" ON "review_campaigns" USING btree ("project_id","experiment_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "review_items_position_idx" ON "review_items" USING btree ("campaign_id","position");--> statement-breakpoint
CREATE INDEX "review_skips_reviewer_idx" ON "review_skips" USING btree ("reviewer_id","campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_slots_seq_idx" ON "review_slots" USING btree ("item_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "review_slots_item_reviewer_idx" ON "review_slots" USING btree ("item_id","reviewer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_slots_token_idx" ON "review_slots" USING btree ("token");--> statement-breakpoint
CREATE INDEX "review_slots_open_idx" ON "review_slots" USING btree ("campaign_id","position","seq") WHERE filled_at IS NULL;--> statement-breakpoint
CREATE INDEX "review_slots_reviewer_idx" ON "review_slots" USING btree ("campaign_id","reviewer_id","filled_at");--> statement-breakpoint
CREATE INDEX "review_slots_held_idx" ON "review_slots" USING btree ("reviewer_id","campaign_id") WHERE filled_at IS NULL AND reviewer_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "review_votes_version_idx" ON "review_votes" USING btree ("slot_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "review_votes_current_slot_idx" ON "review_votes" USING btree ("slot_id") WHERE is_current;--> statement-breakpoint
CREATE UNIQUE INDEX "review_votes_current_reviewer_idx" ON "review_votes" USING btree ("item_id","reviewer_id") WHERE is_current;--> statement-breakpoint
CREATE INDEX "review_votes_campaign_idx" ON "review_votes" USING btree ("campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "runs_tags_idx" ON "runs" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "runs_experiment_created_idx" ON "runs" USING btree ("experiment_id","created_at");