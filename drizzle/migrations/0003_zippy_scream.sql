ALTER TABLE "checkpoint_evaluation_samples" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "checkpoint_evaluation_samples" CASCADE;--> statement-breakpoint
ALTER TABLE "evaluations" ALTER COLUMN "run_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" ADD COLUMN "evaluation_id" text;--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" ADD CONSTRAINT "checkpoint_evaluations_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" DROP COLUMN "sample_count";--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" DROP COLUMN "scores";