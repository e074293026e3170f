CREATE TYPE "public"."dataset_format" AS ENUM('chat', 'prompt_completion');--> statement-breakpoint
CREATE TYPE "public"."dataset_split" AS ENUM('train', 'eval');--> statement-breakpoint
CREATE TYPE "public"."backend_kind" AS ENUM('local', 'sagemaker', 'openai');--> statement-breakpoint
CREATE TYPE "public"."run_status" AS ENUM('queued', 'submitted', 'running', 'succeeded', 'failed', 'cancelled', 'evaluating', 'evaluated');--> statement-breakpoint
CREATE TYPE "public"."evaluation_status" AS ENUM('running', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "dataset_examples" (
	"version_id" text NOT NULL,
	"split" "dataset_split" NOT NULL,
	"idx" integer NOT NULL,
	"source_line" integer NOT NULL,
	"messages" jsonb NOT NULL,
	"reference" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dataset_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"dataset_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"format" "dataset_format" NOT NULL,
	"train_count" integer NOT NULL,
	"eval_count" integer NOT NULL,
	"split" jsonb NOT NULL,
	"stats" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"base_model" text NOT NULL,
	"dataset_version_id" text NOT NULL,
	"backend" "backend_kind" NOT NULL,
	"eval_suite" jsonb NOT NULL,
	"grid" jsonb NOT NULL,
	"training" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_artifacts" (
	"run_id" text NOT NULL,
	"kind" text NOT NULL,
	"path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_logs" (
	"run_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"level" text NOT NULL,
	"message" text NOT NULL,
	CONSTRAINT "run_logs_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "run_metrics" (
	"run_id" text NOT NULL,
	"name" text NOT NULL,
	"step" integer NOT NULL,
	"value" double precision NOT NULL,
	"time" timestamp with time zone NOT NULL,
	CONSTRAINT "run_metrics_run_id_name_step_pk" PRIMARY KEY("run_id","name","step")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"experiment_id" text NOT NULL,
	"index" integer NOT NULL,
	"is_baseline" boolean DEFAULT false NOT NULL,
	"name" text NOT NULL,
	"status" "run_status" DEFAULT 'queued' NOT NULL,
	"hyperparams" jsonb NOT NULL,
	"spec" jsonb NOT NULL,
	"external_ref" jsonb,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"step" integer,
	"total_steps" integer,
	"epoch" double precision,
	"tokens_seen" bigint,
	"tokens_per_second" double precision,
	"eta_seconds" double precision,
	"device" text,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_samples" (
	"evaluation_id" text NOT NULL,
	"idx" integer NOT NULL,
	"prompt" text NOT NULL,
	"reference" text NOT NULL,
	"output" text NOT NULL,
	"scores" jsonb NOT NULL,
	"primary_score" double precision,
	CONSTRAINT "evaluation_samples_evaluation_id_idx_pk" PRIMARY KEY("evaluation_id","idx")
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"experiment_id" text NOT NULL,
	"run_id" text NOT NULL,
	"status" "evaluation_status" NOT NULL,
	"split" text NOT NULL,
	"sample_count" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "dataset_examples" ADD CONSTRAINT "dataset_examples_version_id_dataset_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_artifacts" ADD CONSTRAINT "run_artifacts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_logs" ADD CONSTRAINT "run_logs_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_metrics" ADD CONSTRAINT "run_metrics_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_samples" ADD CONSTRAINT "evaluation_samples_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dataset_examples_pk" ON "dataset_examples" USING btree ("version_id","split","idx");--> statement-breakpoint
CREATE INDEX "dataset_examples_version_idx" ON "dataset_examples" USING btree ("version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dataset_versions_hash_idx" ON "dataset_versions" USING btree ("dataset_id","content_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_project_name_idx" ON "datasets" USING btree ("project_id","name");--> statement-breakpoint
CREATE INDEX "experiments_project_idx" ON "experiments" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "run_artifacts_kind_idx" ON "run_artifacts" USING btree ("run_id","kind");--> statement-breakpoint
CREATE INDEX "runs_experiment_idx" ON "runs" USING btree ("experiment_id","index");--> statement-breakpoint
CREATE INDEX "runs_project_status_idx" ON "runs" USING btree ("project_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_run_idx" ON "evaluations" USING btree ("run_id");