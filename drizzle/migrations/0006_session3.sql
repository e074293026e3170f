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
ALTER TABLE "evaluations" ADD COLUMN "likelihood" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "peak_mem_bytes" bigint;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_baseline_evaluation_id_evaluations_id_fk" FOREIGN KEY ("baseline_evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mlflow_metric_extras" ADD CONSTRAINT "mlflow_metric_extras_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leaderboard_retention_experiment_idx" ON "leaderboard_retention" USING btree ("experiment_id");