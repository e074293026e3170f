import type { judges, judgeVersions } from "@/drizzle/schema";
import { type JudgeOut, type JudgeVersionOut, templateMode } from "@/server/schemas/judges";

type VersionRow = typeof judgeVersions.$inferSelect;
type JudgeRow = typeof judges.$inferSelect;

export function versionOut(v: VersionRow): JudgeVersionOut {
  return {
    version: v.version,
    provider: v.provider,
    model: v.model,
    template: v.template,
    mode: templateMode(v.template),
    pricing: v.pricing,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
  };
}

export function judgeOut(j: JudgeRow, current: VersionRow): JudgeOut {
  return {
    id: j.id,
    name: j.name,
    current: versionOut(current),
    createdAt: j.createdAt.toISOString(),
  };
}
