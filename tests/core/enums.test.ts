import { readFileSync } from "node:fs";
import path from "node:path";
import { isPgEnum } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as core from "@/core/enums";
import * as schema from "@/drizzle/schema";
import { BUILTIN_TEMPLATES, JUDGE_MODES, RULE_KINDS } from "@/evals";
import { RunStatus as ApiRunStatus } from "@/server/api/schemas";
import { DatasetFormatInput } from "@/server/schemas/datasets";
import { BackendKind, EvalMetric, EvalSuite, TrainingSettings } from "@/server/schemas/experiments";
import { GateSpec, GateVerdictValue } from "@/server/schemas/gates";
import { JudgeSettings, JudgeTemplate } from "@/server/schemas/judges";
import { PairwiseChoice, ReviewMode } from "@/server/schemas/reviews";
import { RuleSpec } from "@/server/schemas/rules";
import { SecretName } from "@/server/schemas/settings";
import { TokenScope } from "@/server/schemas/tokens";
import { Role } from "@/server/schemas/users";
import { WebhookEventType } from "@/server/schemas/webhooks";

const ROOT = path.resolve(import.meta.dirname, "../..");
const coreArrays = Object.values(core).filter(Array.isArray) as (readonly string[])[];

// Each vocabulary is declared once, in core/enums.ts; the database and the validators derive from
// it. These checks catch a second copy creeping back in (a literal list in a pgEnum or z.enum).
describe("core/enums", () => {
  it("is the source of every Postgres enum", () => {
    const pgEnums = (Object.values(schema) as unknown[]).filter(isPgEnum);
    expect(pgEnums.length).toBeGreaterThanOrEqual(12);
    for (const e of pgEnums) expect(coreArrays, e.enumName).toContainEqual(e.enumValues);
  });

  it("gives the zod enums the database's values", () => {
    const pairs: [readonly string[], readonly string[]][] = [
      [schema.backendKind.enumValues, BackendKind.options],
      [schema.runStatus.enumValues, ApiRunStatus.options],
      [schema.gateVerdict.enumValues, GateVerdictValue.options],
      [schema.role.enumValues, Role.options],
      [schema.judgeProvider.enumValues, JudgeSettings.shape.provider.options],
      [schema.reviewMode.enumValues, ReviewMode.options],
      [schema.reviewChoice.enumValues, PairwiseChoice.options],
      [schema.datasetSplit.enumValues, EvalSuite.shape.split.unwrap().options],
      [["auto", ...schema.datasetFormat.enumValues], DatasetFormatInput.options],
    ];
    for (const [db, zod] of pairs) expect(zod).toEqual(db);
  });

  it("gives the zod enums of text columns and settings core's values", () => {
    expect(EvalMetric.options).toEqual(core.EVAL_METRICS);
    for (const m of core.EVAL_METRICS)
      expect(GateSpec.shape.metric.safeParse(m).success).toBe(true);
    expect(GateSpec.shape.metric.safeParse("rule:cites").success).toBe(true);
    expect(GateSpec.shape.metric.safeParse(core.RETENTION_PERPLEXITY).success).toBe(true);
    expect(GateSpec.shape.metric.safeParse("retention:bleu").success).toBe(false);
    expect(GateSpec.shape.metric.safeParse("meteor").success).toBe(false);
    for (const m of core.LOWER_IS_BETTER_METRICS)
      expect(GateSpec.shape.metric.safeParse(m).success).toBe(true);
    expect(RULE_KINDS).toEqual(core.RULE_KINDS);
    expect(RuleSpec.options.map((o) => o.shape.kind.value)).toEqual(core.RULE_KINDS);
    expect(JUDGE_MODES).toEqual(core.JUDGE_MODES);
    expect(BUILTIN_TEMPLATES).toEqual(core.JUDGE_BUILTIN_TEMPLATES);
    expect(JudgeTemplate.options.map((o) => o.shape.kind.value)).toEqual([
      ...core.JUDGE_BUILTIN_TEMPLATES,
      "custom",
    ]);
    expect(TrainingSettings.shape.device.unwrap().options).toEqual(core.DEVICES);
    expect(SecretName.options).toEqual(core.PROJECT_SECRET_NAMES);
    expect(TokenScope.options).toEqual(core.TOKEN_SCOPES);
    expect(WebhookEventType.options).toEqual(core.WEBHOOK_EVENT_TYPES);
  });

  it("gives the Python worker, which cannot import it, the same chat roles", () => {
    const data = readFileSync(path.join(ROOT, "trainers/local/worker/data.py"), "utf8");
    const tuple = data.match(/^ROLES = \(([^)]*)\)$/m)?.[1];
    expect(tuple?.split(",").map((r) => r.trim().replace(/^"|"$/g, ""))).toEqual(core.CHAT_ROLES);
  });
});
