import type { Db } from "@/server/db";
import { ServiceError } from "@/server/errors";

/** What domain services need from the request context; job handlers build the same shape. */
export type DomainCtx = { db: Db; projectId: string | null; user?: { id: string } | null };

/** Every domain query is scoped to the caller's project. */
export function projectOf(ctx: DomainCtx): string {
  if (!ctx.projectId) throw new ServiceError("FORBIDDEN", "No project selected for this request.");
  return ctx.projectId;
}
