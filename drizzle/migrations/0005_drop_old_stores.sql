DROP TABLE "checkpoint_evaluation_samples" CASCADE;--> statement-breakpoint
DROP TABLE "run_metrics" CASCADE;--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" DROP COLUMN "sample_count";--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" DROP COLUMN "scores";