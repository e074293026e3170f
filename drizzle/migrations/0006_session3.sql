CREATE TYPE "public"."judge_call_status" AS ENUM('parsed', 'unparsed');--> statement-breakpoint
CREATE TYPE "public"."judge_provider" AS ENUM('openai-compatible', 'local');--> statement-breakpoint
CREATE TABLE "judge_calls" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"judge_version_id" text NOT NULL,
	"cache_key" text NOT NULL,
	"budget_key" text NOT NULL,
	"messages" jsonb NOT NULL,
	"raw" text NOT NULL,
	"status" "judge_call_status" NOT NULL,
	"verdict" jsonb,
	"attempts" integer NOT NULL,
	"prompt_tokens" integer NOT NULL,
	"completion_tokens" integer NOT NULL,
	"cost_usd" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judge_verdicts" (
	"project_id" text NOT NULL,
	"experiment_id" text NOT NULL,
	"judge_version_id" text NOT NULL,
	"run_id" text NOT NULL,
	"against_run_id" text NOT NULL,
	"sample_idx" integer NOT NULL,
	"game" integer NOT NULL,
	"call_id" text NOT NULL,
	CONSTRAINT "judge_verdicts_run_id_judge_version_id_against_run_id_sample_idx_game_pk" PRIMARY KEY("run_id","judge_version_id","against_run_id","sample_idx","game")
);
--> statement-breakpoint
CREATE TABLE "judge_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"judge_id" text NOT NULL,
	"version" integer NOT NULL,
	"provider" "judge_provider" NOT NULL,
	"model" text NOT NULL,
	"template" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judges" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"current_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leaderboard_judges" (
	"experiment_id" text PRIMARY KEY NOT NULL,
	"stamp" text NOT NULL,
	"columns" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leaderboard_retention" (
	"run_id" text PRIMARY KEY NOT NULL,
	"experiment_id" text NOT NULL,
	"evaluation_id" text NOT NULL,
	"baseline_evaluation_id" text NOT NULL,
	"change" jsonb,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mlflow_metric_extras" (
	"run_id" text NOT NULL,
	"name" text NOT NULL,
	"step" integer NOT NULL,
	"time" double precision NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "mlflow_metric_extras_run_id_name_step_time_value_pk" PRIMARY KEY("run_id","name","step","time","value")
);
--> statement-breakpoint
ALTER TABLE "dataset_examples" ADD COLUMN "extra_references" jsonb;--> statement-breakpoint
ALTER TABLE "evaluation_samples" ADD COLUMN "extra_references" jsonb;--> statement-breakpoint
ALTER TABLE "evaluation_samples" ADD COLUMN "score_errors" jsonb;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "likelihood" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "peak_mem_bytes" bigint;--> statement-breakpoint
ALTER TABLE "judge_calls" ADD CONSTRAINT "judge_calls_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_calls" ADD CONSTRAINT "judge_calls_judge_version_id_judge_versions_id_fk" FOREIGN KEY ("judge_version_id") REFERENCES "public"."judge_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_verdicts" ADD CONSTRAINT "judge_verdicts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_verdicts" ADD CONSTRAINT "judge_verdicts_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_verdicts" ADD CONSTRAINT "judge_verdicts_judge_version_id_judge_versions_id_fk" FOREIGN KEY ("judge_version_id") REFERENCES "public"."judge_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_verdicts" ADD CONSTRAINT "judge_verdicts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_verdicts" ADD CONSTRAINT "judge_verdicts_call_id_judge_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."judge_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_versions" ADD CONSTRAINT "judge_versions_judge_id_judges_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."judges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_versions" ADD CONSTRAINT "judge_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judges" ADD CONSTRAINT "judges_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_judges" ADD CONSTRAINT "leaderboard_judges_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_baseline_evaluation_id_evaluations_id_fk" FOREIGN KEY ("baseline_evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mlflow_metric_extras" ADD CONSTRAINT "mlflow_metric_extras_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "judge_calls_version_key_idx" ON "judge_calls" USING btree ("judge_version_id","cache_key");--> statement-breakpoint
CREATE INDEX "judge_calls_budget_idx" ON "judge_calls" USING btree ("budget_key");--> statement-breakpoint
CREATE INDEX "judge_verdicts_experiment_idx" ON "judge_verdicts" USING btree ("experiment_id","judge_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "judge_versions_judge_version_idx" ON "judge_versions" USING btree ("judge_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "judges_project_name_idx" ON "judges" USING btree ("project_id","name");--> statement-breakpoint
CREATE INDEX "leaderboard_retention_experiment_idx" ON "leaderboard_retention" USING btree ("experiment_id");