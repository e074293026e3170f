CREATE TYPE "public"."gate_verdict" AS ENUM('passed', 'failed', 'none', 'pending');--> statement-breakpoint
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
ALTER TABLE "gate_verdicts" ADD CONSTRAINT "gate_verdicts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_verdicts" ADD CONSTRAINT "gate_verdicts_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_verdicts" ADD CONSTRAINT "gate_verdicts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_verdicts" ADD CONSTRAINT "gate_verdicts_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gate_verdicts_run_idx" ON "gate_verdicts" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "gate_verdicts_experiment_idx" ON "gate_verdicts" USING btree ("experiment_id");