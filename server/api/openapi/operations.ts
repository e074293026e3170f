import { z } from "zod";
import type { Role } from "@/core/enums";
import { EDITOR_ROLES } from "@/core/roles";
import { BackupOut, CreateBackupInput } from "@/server/schemas/backups";
import { UploadDatasetInput } from "@/server/schemas/datasets";
import { CreateExperimentInput, ExperimentEvaluationFields } from "@/server/schemas/experiments";
import {
  ExportMetricRow,
  ExportQuery,
  ExportRunRow,
  ExportSampleRow,
} from "@/server/schemas/export";
import { GateVerdictList } from "@/server/schemas/gates";
import { IngestMetricsRequest, IngestMetricsResponse } from "@/server/schemas/ingest";
import {
  CreateJudgeInput,
  JudgeDetailOut,
  JudgeOut,
  JudgePreferencesBody,
  JudgeSettings,
  TryJudgeBody,
  TryJudgeOut,
} from "@/server/schemas/judges";
import { AttachAdapterRequest } from "@/server/schemas/mlflow";
import { CampaignPreferencesBody } from "@/server/schemas/reviews";
import { RunsQuery } from "@/server/schemas/runs-table";
import * as out from "../schemas";

/** One /api/v1 endpoint as data: the OpenAPI document is generated from this list. */
export type Operation = {
  method: "get" | "post" | "put";
  /** OpenAPI path template, e.g. "/experiments/{id}". */
  path: string;
  operationId: string;
  summary: string;
  tag: "experiments" | "runs" | "datasets" | "reviews" | "gates" | "judges" | "backups" | "meta";
  /** Token scope needed; null: public. */
  scope: "read" | "write" | null;
  /** Roles allowed (EDITOR_ROLES: reviewers only work their review queue). */
  roles?: readonly Role[];
  pathParams?: z.ZodObject;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; component: string };
  /** A body of raw bytes (an archive) instead of JSON: its media types. */
  upload?: { description: string; mediaTypes: string[] };
  /** Success status → response. `content` defaults to application/json with `schema`. */
  responses: Record<
    number,
    {
      description: string;
      schema?: z.ZodType;
      component?: string;
      content?: Record<string, z.ZodType>;
    }
  >;
};

// Reviewers are refused run data everywhere (it would unblind pairwise review), reads included.
const READ = { scope: "read" as const, roles: EDITOR_ROLES };
const WRITE = { scope: "write" as const, roles: EDITOR_ROLES };
const id = (what: string) => z.object({ id: z.string().min(1).describe(`The ${what}'s id`) });

export const OPERATIONS: Operation[] = [
  {
    method: "post",
    path: "/experiments",
    operationId: "createExperiment",
    tag: "experiments",
    ...WRITE,
    summary:
      "Create an experiment: one run per grid point plus the baseline, dispatched to its backend",
    body: { schema: CreateExperimentInput, component: "CreateExperimentInput" },
    responses: {
      201: {
        description: "Created; its runs are queued",
        schema: out.CreatedExperimentOut,
        component: "CreatedExperiment",
      },
    },
  },
  {
    method: "get",
    path: "/experiments",
    operationId: "listExperiments",
    tag: "experiments",
    ...READ,
    summary: "The project's experiments, newest first, with run counts and the best run",
    responses: {
      200: {
        description: "The experiments",
        schema: out.ExperimentListOut,
        component: "ExperimentList",
      },
    },
  },
  {
    method: "get",
    path: "/experiments/{id}",
    operationId: "getExperiment",
    tag: "experiments",
    ...READ,
    pathParams: id("experiment"),
    summary: "One experiment",
    responses: {
      200: { description: "The experiment", schema: out.ExperimentOut, component: "Experiment" },
    },
  },
  {
    method: "put",
    path: "/experiments/{id}/evaluation",
    operationId: "setExperimentEvaluation",
    tag: "experiments",
    ...WRITE,
    pathParams: id("experiment"),
    summary:
      "Set the base model, dataset version and eval suite of an experiment an MLflow client created, so its runs can be evaluated; refused (409) once any of its runs is being evaluated or has been",
    body: { schema: ExperimentEvaluationFields, component: "ExperimentEvaluation" },
    responses: {
      200: {
        description: "Set; the baseline's evaluation is requested",
        schema: out.ExperimentEvaluationOut,
        component: "ExperimentEvaluationResult",
      },
    },
  },

  {
    method: "get",
    path: "/experiments/{id}/runs",
    operationId: "listRuns",
    tag: "runs",
    ...READ,
    pathParams: id("experiment"),
    summary: "The experiment's runs in grid order (baseline first) with status and progress",
    responses: { 200: { description: "The runs", schema: out.RunListOut, component: "RunList" } },
  },
  {
    method: "get",
    path: "/experiments/{id}/leaderboard",
    operationId: "getLeaderboard",
    tag: "experiments",
    ...READ,
    pathParams: id("experiment"),
    summary: "Evaluated runs ranked by the primary metric, with 95% CIs and paired p-values",
    responses: {
      200: { description: "The leaderboard", schema: out.LeaderboardOut, component: "Leaderboard" },
    },
  },
  {
    method: "get",
    path: "/experiments/{id}/gates",
    operationId: "listGateVerdicts",
    tag: "gates",
    ...READ,
    pathParams: id("experiment"),
    query: out.GatesQuery,
    summary:
      "The eval suite's regression gates and every run's verdict (passed, failed, pending, none)",
    responses: {
      200: {
        description: "Gates and verdicts",
        schema: GateVerdictList,
        component: "GateVerdictList",
      },
    },
  },
  {
    method: "get",
    path: "/experiments/{id}/export",
    operationId: "exportExperiment",
    tag: "experiments",
    ...READ,
    pathParams: id("experiment"),
    query: ExportQuery,
    summary: "Stream the experiment's runs, metric points or evaluation samples as CSV or JSON",
    responses: {
      200: {
        description:
          "Rows of the chosen kind (CSV: these columns, objects as JSON text; JSON: an array)",
        content: {
          "text/csv": z.string(),
          "application/json": z.array(z.union([ExportRunRow, ExportMetricRow, ExportSampleRow])),
        },
      },
    },
  },
  {
    method: "get",
    path: "/runs",
    operationId: "listProjectRuns",
    tag: "runs",
    ...READ,
    query: RunsQuery,
    summary:
      "The project's runs across experiments (or one experiment's), with the runs table's sort, filters, grouping and paging",
    responses: {
      200: {
        description: "One page of runs, the total, the groups and the columns present",
        schema: out.RunsPageOut,
        component: "RunsPage",
      },
    },
  },
  {
    method: "get",
    path: "/runs/{id}",
    operationId: "getRun",
    tag: "runs",
    ...READ,
    pathParams: id("run"),
    summary: "One run: status, progress, artifacts and evaluation scores",
    responses: { 200: { description: "The run", schema: out.RunOut, component: "Run" } },
  },
  {
    method: "post",
    path: "/runs/{id}/evaluate",
    operationId: "evaluateRun",
    tag: "runs",
    ...WRITE,
    pathParams: id("run"),
    summary: "Request the run's evaluation; idempotent (one evaluation per run, whoever asks)",
    responses: {
      202: {
        description: "Accepted: the evaluation job (new or existing)",
        schema: out.EvaluationRequestOut,
        component: "EvaluationRequest",
      },
    },
  },
  {
    method: "post",
    path: "/runs/{id}/adapter",
    operationId: "attachAdapter",
    tag: "runs",
    ...WRITE,
    pathParams: id("run"),
    summary:
      "Attach an external (MLflow-logged) run's adapter or model folder from a location (a folder inside the run's folder, or an s3:// prefix in the project's bucket, fetched first) and request its evaluation",
    body: { schema: AttachAdapterRequest, component: "AttachAdapterRequest" },
    responses: {
      202: {
        description: "Attached (or being fetched from S3); the evaluation request",
        schema: out.AttachOutputOut,
        component: "AttachOutput",
      },
    },
  },
  {
    method: "put",
    path: "/runs/{id}/adapter",
    operationId: "uploadAdapter",
    tag: "runs",
    ...WRITE,
    pathParams: id("run"),
    summary:
      "Upload an external (MLflow-logged) run's adapter or model folder as a tar or tar.gz archive and request its evaluation",
    upload: {
      description:
        "A tar or tar.gz archive of a PEFT adapter folder (adapter_config.json + adapter_model.safetensors) or a transformers model folder (config.json, tokenizer, *.safetensors), at its root or in one folder. Plain files and folders only; limits: TUNEBENCH_ATTACH_MAX_BYTES, TUNEBENCH_ATTACH_MAX_FILES",
      mediaTypes: ["application/x-tar", "application/gzip"],
    },
    responses: {
      202: {
        description: "Attached; the evaluation request",
        schema: out.AttachOutputOut,
        component: "AttachOutput",
      },
    },
  },
  {
    method: "post",
    path: "/runs/{id}/metrics",
    operationId: "ingestMetrics",
    tag: "runs",
    ...WRITE,
    pathParams: id("run"),
    summary: "Store metric points for a run in one batch; idempotent by (run, name, step)",
    body: { schema: IngestMetricsRequest, component: "IngestMetricsRequest" },
    responses: {
      200: {
        description: "Points received and stored",
        schema: IngestMetricsResponse,
        component: "IngestMetricsResponse",
      },
    },
  },
  {
    method: "post",
    path: "/datasets",
    operationId: "uploadDataset",
    tag: "datasets",
    ...WRITE,
    summary:
      "Upload a dataset from JSONL text (chat or prompt/completion lines); the same content returns the stored version",
    body: { schema: UploadDatasetInput, component: "UploadDatasetInput" },
    responses: {
      201: { description: "A new dataset version", schema: out.DatasetOut, component: "Dataset" },
      200: {
        description: "The same content was uploaded before",
        schema: out.DatasetOut,
        component: "Dataset",
      },
    },
  },
  {
    method: "post",
    path: "/review-campaigns/{id}/preferences",
    operationId: "campaignPreferences",
    tag: "reviews",
    ...WRITE,
    pathParams: id("review campaign"),
    summary:
      "Turn a pairwise review campaign's clear verdicts into a preference dataset version (ties, both-bad and split items left out)",
    body: { schema: CampaignPreferencesBody, component: "CampaignPreferencesBody" },
    responses: {
      201: {
        description:
          "A new preference dataset version, with how many items qualified and why the others did not",
        schema: out.PreferenceDatasetOut,
        component: "PreferenceDataset",
      },
      200: {
        description: "The same examples were stored before; their version is returned",
        schema: out.PreferenceDatasetOut,
        component: "PreferenceDataset",
      },
    },
  },
  {
    method: "post",
    path: "/experiments/{id}/judge-preferences",
    operationId: "judgePreferences",
    tag: "judges",
    ...WRITE,
    pathParams: id("experiment"),
    summary:
      "Turn a pairwise judge's verdicts on one run (against its reference run) into a preference dataset version: samples whose two orders agree on a winner (ties, flips and unparsed games left out)",
    body: { schema: JudgePreferencesBody, component: "JudgePreferencesBody" },
    responses: {
      201: {
        description:
          "A new preference dataset version, with how many samples qualified and why the others did not",
        schema: out.JudgePreferenceDatasetOut,
        component: "JudgePreferenceDataset",
      },
      200: {
        description: "The same examples were stored before; their version is returned",
        schema: out.JudgePreferenceDatasetOut,
        component: "JudgePreferenceDataset",
      },
    },
  },
  {
    method: "post",
    path: "/backups",
    operationId: "createBackup",
    tag: "backups",
    scope: "write",
    roles: ["admin"],
    summary:
      "Snapshot the database, the runs folder and the secret key into the server's backup folder (docs/cli.md#backups); the archive stays on the server",
    body: { schema: CreateBackupInput, component: "CreateBackupInput" },
    responses: {
      201: { description: "The snapshot was written", schema: BackupOut, component: "Backup" },
    },
  },
  {
    method: "get",
    path: "/judges",
    operationId: "listJudges",
    tag: "judges",
    ...READ,
    summary: "The project's LLM judges with their current versions (docs/judges.md)",
    responses: {
      200: {
        description: "The judges",
        schema: z.object({ judges: z.array(JudgeOut) }),
        component: "JudgeList",
      },
    },
  },
  {
    method: "post",
    path: "/judges",
    operationId: "createJudge",
    tag: "judges",
    scope: "write",
    roles: ["admin"],
    summary:
      "Create a judge (version 1): provider, model and template; admins only, as its calls spend the project's API key",
    body: { schema: CreateJudgeInput, component: "CreateJudgeInput" },
    responses: { 201: { description: "Created", schema: JudgeOut, component: "Judge" } },
  },
  {
    method: "get",
    path: "/judges/{id}",
    operationId: "getJudge",
    tag: "judges",
    ...READ,
    pathParams: id("judge"),
    summary: "One judge with every version, newest first",
    responses: {
      200: { description: "The judge", schema: JudgeDetailOut, component: "JudgeDetail" },
    },
  },
  {
    method: "post",
    path: "/judges/{id}/versions",
    operationId: "updateJudge",
    tag: "judges",
    scope: "write",
    roles: ["admin"],
    pathParams: id("judge"),
    summary:
      "Edit a judge: its settings become the next version (suites keep the version they pinned)",
    body: { schema: JudgeSettings, component: "JudgeSettings" },
    responses: { 201: { description: "The new version", schema: JudgeOut, component: "Judge" } },
  },
  {
    method: "post",
    path: "/judges/{id}/try",
    operationId: "tryJudge",
    tag: "judges",
    ...WRITE,
    pathParams: id("judge"),
    summary:
      "Run a judge on up to 3 samples (given, or a run's first 3): the prompts sent and the verdicts; cached, at most 30 calls per judge",
    body: { schema: TryJudgeBody, component: "TryJudgeInput" },
    responses: {
      200: {
        description: "Prompts and verdicts",
        schema: TryJudgeOut,
        component: "TryJudgeResult",
      },
    },
  },
  {
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "meta",
    scope: null,
    summary: "This document",
    responses: {
      200: {
        description: "OpenAPI 3.1 document",
        content: { "application/json": z.looseObject({ openapi: z.string() }) },
      },
    },
  },
];
