CREATE TYPE "public"."checkpoint_evaluation_status" AS ENUM('queued', 'running', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."dataset_kind" AS ENUM('chat', 'preference');--> statement-breakpoint
ALTER TYPE "public"."dataset_format" ADD VALUE 'preference';--> statement-breakpoint
ALTER TYPE "public"."backend_kind" ADD VALUE 'external';--> statement-breakpoint
CREATE TABLE "leaderboard_reviews" (
	"experiment_id" text PRIMARY KEY NOT NULL,
	"stamp" text NOT NULL,
	"columns" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leaderboard_rows" (
	"run_id" text PRIMARY KEY NOT NULL,
	"experiment_id" text NOT NULL,
	"metric" text NOT NULL,
	"evaluation_id" text NOT NULL,
	"best_evaluation_id" text,
	"baseline_evaluation_id" text,
	"p_value_vs_best" double precision,
	"p_value_vs_baseline" double precision,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leaderboard_state" (
	"experiment_id" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_metric_chunks" (
	"run_id" text NOT NULL,
	"name" text NOT NULL,
	"chunk" integer NOT NULL,
	"n" integer NOT NULL,
	"first_step" integer NOT NULL,
	"last_step" integer NOT NULL,
	"last_value" double precision NOT NULL,
	"steps" "bytea" NOT NULL,
	"values" "bytea" NOT NULL,
	"times" "bytea" NOT NULL,
	CONSTRAINT "run_metric_chunks_run_id_name_chunk_pk" PRIMARY KEY("run_id","name","chunk")
);
--> statement-breakpoint
ALTER TABLE "experiments" ALTER COLUMN "base_model" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "experiments" ALTER COLUMN "dataset_version_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ALTER COLUMN "run_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" ALTER COLUMN "status" SET DATA TYPE "public"."checkpoint_evaluation_status" USING "status"::"public"."checkpoint_evaluation_status";--> statement-breakpoint
ALTER TABLE "dataset_examples" ADD COLUMN "rejected" text;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD COLUMN "kind" "dataset_kind" DEFAULT 'chat' NOT NULL;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD COLUMN "source" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "gpus" integer[];--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "queue_reason" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "mlflow" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" ADD COLUMN "evaluation_id" text;--> statement-breakpoint
ALTER TABLE "review_campaigns" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "leaderboard_reviews" ADD CONSTRAINT "leaderboard_reviews_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_rows" ADD CONSTRAINT "leaderboard_rows_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_rows" ADD CONSTRAINT "leaderboard_rows_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_rows" ADD CONSTRAINT "leaderboard_rows_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_state" ADD CONSTRAINT "leaderboard_state_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_metric_chunks" ADD CONSTRAINT "run_metric_chunks_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leaderboard_rows_experiment_idx" ON "leaderboard_rows" USING btree ("experiment_id");--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" ADD CONSTRAINT "checkpoint_evaluations_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE set null ON UPDATE no action;