ALTER TABLE "runs" ADD COLUMN "gpus" integer[];--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "queue_reason" text;