CREATE TYPE "public"."checkpoint_evaluation_status" AS ENUM('queued', 'running', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "run_metric_chunks" (
	"run_id" text NOT NULL,
	"name" text NOT NULL,
	"chunk" integer NOT NULL,
	"n" integer NOT NULL,
	"first_step" integer NOT NULL,
	"last_step" integer NOT NULL,
	"last_value" double precision NOT NULL,
	"steps" "bytea" NOT NULL,
	"values" "bytea" NOT NULL,
	"times" "bytea" NOT NULL,
	CONSTRAINT "run_metric_chunks_run_id_name_chunk_pk" PRIMARY KEY("run_id","name","chunk")
);
--> statement-breakpoint
ALTER TABLE "checkpoint_evaluations" ALTER COLUMN "status" SET DATA TYPE "public"."checkpoint_evaluation_status" USING "status"::"public"."checkpoint_evaluation_status";--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "gpus" integer[];--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "queue_reason" text;--> statement-breakpoint
ALTER TABLE "review_campaigns" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "run_metric_chunks" ADD CONSTRAINT "run_metric_chunks_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;