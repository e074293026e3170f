// Every closed vocabulary of Tunebench, declared once. The Postgres enums (drizzle/schema), the zod
// enums (server/schemas), the TypeScript types and the UI's option lists all derive from these
// arrays. This file imports nothing, so every layer may import it (docs/architecture.md); the CLI
// loads it from any directory, so anything in core/ imports only by relative path.

type Of<T extends readonly string[]> = T[number];

// ---------------------------------------------------------------- experiments and runs

/** Training backends; each is a folder of trainers/ behind the TrainingBackend contract. */
export const BACKEND_KINDS = ["local", "sagemaker", "openai", "external"] as const;
export type BackendKind = Of<typeof BACKEND_KINDS>;

/** Metrics an eval suite can compute (evals/ implements them). */
export const EVAL_METRICS = [
  "accuracy",
  "bleu",
  "chrf",
  "rouge1",
  "rouge2",
  "rougeL",
  "rougeLsum",
  "perplexity",
] as const;
export type EvalMetric = Of<typeof EVAL_METRICS>;

/** Metrics scored from the model's likelihood of the references, not from generated outputs: a
 *  backend computes them only if it can run the trained model on given text (the local worker). */
export const LIKELIHOOD_METRICS = ["perplexity"] as const satisfies readonly EvalMetric[];
export type LikelihoodMetric = Of<typeof LIKELIHOOD_METRICS>;
/** Metrics scored on generated outputs. */
export type OutputMetric = Exclude<EvalMetric, LikelihoodMetric>;
export const isLikelihoodMetric = (metric: string): metric is LikelihoodMetric =>
  (LIKELIHOOD_METRICS as readonly string[]).includes(metric);

/** The perplexity of a suite's retention set (EvalSuite.retention): a corpus score and a gate
 *  metric, with no per-sample scores of its own. */
export const RETENTION_PERPLEXITY = "retention:perplexity";

/** Which way a metric improves. Every metric is higher-is-better (0–100 scores, rules' pass rates)
 *  except these; gates, paired comparisons and the UI ask `lowerIsBetter`. */
export const LOWER_IS_BETTER_METRICS = ["perplexity", RETENTION_PERPLEXITY] as const;
export const lowerIsBetter = (metric: string): boolean =>
  (LOWER_IS_BETTER_METRICS as readonly string[]).includes(metric);

/** Rule scorers an eval suite can list (evals/rules keeps its own copy; tests/core/enums.test.ts
 *  checks they agree). Each scores an output 0 or 100 and is the metric "rule:<name>". */
export const RULE_KINDS = ["contains", "regex", "validJson", "jsonSchema", "lengthBounds"] as const;
export type RuleKind = Of<typeof RULE_KINDS>;

/** LLM judges (evals/judges keeps its own copy of the modes and built-in templates;
 *  tests/core/enums.test.ts checks they agree). A judge's template is a built-in one or custom text;
 *  pairwise templates judge in pairwise mode, the others in single mode. */
export const JUDGE_PROVIDERS = ["openai-compatible", "local"] as const;
export type JudgeProvider = Of<typeof JUDGE_PROVIDERS>;
export const JUDGE_MODES = ["single", "pairwise"] as const;
export type JudgeMode = Of<typeof JUDGE_MODES>;
export const JUDGE_BUILTIN_TEMPLATES = ["pairwise", "single", "rubric"] as const;
export type JudgeBuiltinTemplate = Of<typeof JUDGE_BUILTIN_TEMPLATES>;
/** A judge call either gave a verdict in the asked format (after at most one reminder) or did not. */
export const JUDGE_CALL_STATUSES = ["parsed", "unparsed"] as const;
export type JudgeCallStatus = Of<typeof JUDGE_CALL_STATUSES>;

/** How accuracy compares an output with its reference: string equality or SQuAD normalisation. */
export const ACCURACY_MODES = ["exact", "squad"] as const;
export type AccuracyMode = Of<typeof ACCURACY_MODES>;

export const QUANTIZATIONS = ["none", "nf4"] as const;
export type Quantization = Of<typeof QUANTIZATIONS>;

/** What a run optimises: supervised fine-tuning, or DPO on preference pairs. */
export const TRAINING_OBJECTIVES = ["sft", "dpo"] as const;
export type TrainingObjective = Of<typeof TRAINING_OBJECTIVES>;

/** Which weights a run trains: a LoRA adapter, the same on an NF4 base (QLoRA), or every weight. */
export const TRAINED_PARAMETERS = ["lora", "qlora", "full"] as const;
export type TrainedParameters = Of<typeof TRAINED_PARAMETERS>;

/** DPO's loss: the sigmoid loss of the DPO paper, or IPO's squared loss. */
export const DPO_LOSSES = ["sigmoid", "ipo"] as const;
export type DpoLoss = Of<typeof DPO_LOSSES>;

/** Where the local worker trains: "auto" picks CUDA when present. */
export const DEVICES = ["auto", "cpu", "cuda"] as const;
export type Device = Of<typeof DEVICES>;

/** A run's lifecycle; transitions and named groups are in core/run-status.ts. */
export const RUN_STATUSES = [
  "queued",
  "submitted",
  "running",
  "succeeded",
  "failed",
  "cancelled",
  "evaluating",
  "evaluated",
] as const;
export type RunStatus = Of<typeof RUN_STATUSES>;

export const EVALUATION_STATUSES = ["running", "completed", "failed"] as const;
export type EvaluationStatus = Of<typeof EVALUATION_STATUSES>;

export const CHECKPOINT_EVALUATION_STATUSES = ["queued", "running", "completed", "failed"] as const;
export type CheckpointEvaluationStatus = Of<typeof CHECKPOINT_EVALUATION_STATUSES>;

/** "checkpoint": an intermediate adapter; "final": the run's own final adapter, archived when a
 *  checkpoint is promoted so the promotion can be undone. */
export const CHECKPOINT_KINDS = ["checkpoint", "final"] as const;
export type CheckpointKind = Of<typeof CHECKPOINT_KINDS>;

/** "pending": a relative check waits for its baseline's evaluation; decided once that lands. */
export const GATE_VERDICTS = ["passed", "failed", "none", "pending"] as const;
export type GateVerdict = Of<typeof GATE_VERDICTS>;

// ---------------------------------------------------------------- datasets

/** The shape of an uploaded file's lines; "preference" is OpenAI's preference fine-tuning JSONL. */
export const DATASET_FORMATS = ["chat", "prompt_completion", "preference"] as const;
export type DatasetFormat = Of<typeof DATASET_FORMATS>;

/** "chat": conversations to imitate (SFT). "preference": a prompt with a preferred and a
 *  non-preferred answer (DPO; SFT trains on the preferred one). */
export const DATASET_KINDS = ["chat", "preference"] as const;
export type DatasetKind = Of<typeof DATASET_KINDS>;

export const DATASET_SPLITS = ["train", "eval"] as const;
export type DatasetSplit = Of<typeof DATASET_SPLITS>;

/** Message roles of a chat example. trainers/local/worker/data.py (Python) keeps a copy;
 *  tests/core/enums.test.ts checks it. */
export const CHAT_ROLES = ["system", "user", "assistant"] as const;
export type ChatRole = Of<typeof CHAT_ROLES>;

// ---------------------------------------------------------------- people and access

/** A project role. "admin" is the owner role: it manages members, tokens and everything else. */
export const ROLES = ["admin", "member", "reviewer"] as const;
export type Role = Of<typeof ROLES>;

/** What an API token may do: read (queries), write (mutations), hooks (incoming training hooks). */
export const TOKEN_SCOPES = ["read", "write", "hooks"] as const;
export type TokenScope = Of<typeof TOKEN_SCOPES>;

/** "local": one auto-signed-in owner, loopback only. "multi": real accounts. */
export const AUTH_MODES = ["local", "multi"] as const;
export type AuthMode = Of<typeof AUTH_MODES>;

/** Per-project secrets a person pastes in (OpenAI gives them). */
export const ENTERED_SECRET_NAMES = ["openai.apiKey", "hooks.openai"] as const;
/** Per-project secrets Tunebench generates (shown once). */
export const GENERATED_SECRET_NAMES = ["hooks.sagemaker", "hooks.generic"] as const;
export const PROJECT_SECRET_NAMES = [...ENTERED_SECRET_NAMES, ...GENERATED_SECRET_NAMES] as const;
export type ProjectSecretName = Of<typeof PROJECT_SECRET_NAMES>;

// ---------------------------------------------------------------- human review

export const REVIEW_MODES = ["pairwise", "rubric"] as const;
export type ReviewMode = Of<typeof REVIEW_MODES>;

export const REVIEW_CAMPAIGN_STATUSES = ["active", "closed"] as const;
export type ReviewCampaignStatus = Of<typeof REVIEW_CAMPAIGN_STATUSES>;

/** What the reviewer pressed, relative to the sides they were shown. */
export const REVIEW_CHOICES = ["A", "B", "tie", "both_bad"] as const;
export type ReviewChoice = Of<typeof REVIEW_CHOICES>;

/** The same vote relative to the item's runs: "a" = item.runA won. */
export const REVIEW_OUTCOMES = ["a", "b", "tie", "both_bad"] as const;
export type ReviewOutcome = Of<typeof REVIEW_OUTCOMES>;

/** Why a pairwise item did not become a preference example: no current votes; a majority for
 *  "tie" or "both_bad"; no outcome with more than half the votes; a majority below the minimum
 *  agreement asked for. */
export const PREFERENCE_EXCLUSIONS = [
  "no_votes",
  "tie",
  "both_bad",
  "split",
  "below_agreement",
] as const;
export type PreferenceExclusion = Of<typeof PREFERENCE_EXCLUSIONS>;
/** Why a sample a pairwise judge saw in both orders made no preference example: both orders
 *  said tie, the orders disagreed (a flip, a tie under the swap rule), a game had no readable
 *  verdict, or an order was not judged yet. */
export const JUDGE_PREFERENCE_EXCLUSIONS = ["tie", "flip", "unparsed", "incomplete"] as const;
export type JudgePreferenceExclusion = Of<typeof JUDGE_PREFERENCE_EXCLUSIONS>;

// ---------------------------------------------------------------- hooks, webhooks, jobs

/** Senders of incoming "training finished" hooks. */
export const HOOK_SOURCES = ["openai", "sagemaker", "generic"] as const;
export type HookSource = Of<typeof HOOK_SOURCES>;

/** Events an outgoing webhook endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  "run.succeeded",
  "run.failed",
  "eval.completed",
  "gate.failed",
] as const;
export type WebhookEventType = Of<typeof WEBHOOK_EVENT_TYPES>;

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = Of<typeof WEBHOOK_DELIVERY_STATUSES>;

/** A durable job's state (server/jobs). */
export const JOB_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type JobStatus = Of<typeof JOB_STATUSES>;
