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
ALTER TABLE "runs" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "summary" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "cost" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "promoted_step" integer;--> statement-breakpoint
ALTER TABLE "checkpoint_evaluation_samples" ADD CONSTRAINT "checkpoint_evaluation_samples_checkpoint_evaluation_id_checkpoint_evaluations_id_fk" FOREIGN KEY ("checkpoint_evaluation_id") REFERENCES "public"."checkpoint_evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" ADD CONSTRAINT "checkpoint_evaluations_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_usage" ADD CONSTRAINT "evaluation_usage_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_checkpoints" ADD CONSTRAINT "run_checkpoints_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_metric_tile_state" ADD CONSTRAINT "run_metric_tile_state_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_metric_tiles" ADD CONSTRAINT "run_metric_tiles_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_preferences" ADD CONSTRAINT "user_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_preferences" ADD CONSTRAINT "user_preferences_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checkpoint_evaluations_run_step_idx" ON "checkpoint_evaluations" USING btree ("run_id","step");--> statement-breakpoint
CREATE INDEX "runs_tags_idx" ON "runs" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "runs_experiment_created_idx" ON "runs" USING btree ("experiment_id","created_at");