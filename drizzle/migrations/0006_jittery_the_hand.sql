CREATE TYPE "public"."dataset_kind" AS ENUM('chat', 'preference');--> statement-breakpoint
ALTER TABLE "dataset_examples" ADD COLUMN "rejected" text;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD COLUMN "kind" "dataset_kind" DEFAULT 'chat' NOT NULL;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD COLUMN "source" jsonb;