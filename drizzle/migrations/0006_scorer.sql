ALTER TABLE "dataset_examples" ADD COLUMN "extra_references" jsonb;--> statement-breakpoint
ALTER TABLE "evaluation_samples" ADD COLUMN "extra_references" jsonb;--> statement-breakpoint
ALTER TABLE "evaluation_samples" ADD COLUMN "score_errors" jsonb;