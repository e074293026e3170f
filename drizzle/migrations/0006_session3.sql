CREATE TABLE "mlflow_metric_extras" (
	"run_id" text NOT NULL,
	"name" text NOT NULL,
	"step" integer NOT NULL,
	"time" double precision NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "mlflow_metric_extras_run_id_name_step_time_value_pk" PRIMARY KEY("run_id","name","step","time","value")
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "peak_mem_bytes" bigint;--> statement-breakpoint
ALTER TABLE "mlflow_metric_extras" ADD CONSTRAINT "mlflow_metric_extras_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;