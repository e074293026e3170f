CREATE TABLE "leaderboard_retention" (
	"run_id" text PRIMARY KEY NOT NULL,
	"experiment_id" text NOT NULL,
	"evaluation_id" text NOT NULL,
	"baseline_evaluation_id" text NOT NULL,
	"change" jsonb,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "likelihood" jsonb;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_retention" ADD CONSTRAINT "leaderboard_retention_baseline_evaluation_id_evaluations_id_fk" FOREIGN KEY ("baseline_evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leaderboard_retention_experiment_idx" ON "leaderboard_retention" USING btree ("experiment_id");