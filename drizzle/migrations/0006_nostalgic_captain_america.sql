ALTER TYPE "public"."backend_kind" ADD VALUE 'external';--> statement-breakpoint
ALTER TABLE "experiments" ALTER COLUMN "base_model" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "experiments" ALTER COLUMN "dataset_version_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "mlflow" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "deleted_at" timestamp with time zone;