import { and, eq } from "drizzle-orm";
import { userPreferences } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { ServiceError } from "@/server/errors";
import { GetPreferenceInput, SetPreferenceInput } from "@/server/schemas/runs-table";

function userOf(ctx: DomainCtx): string {
  if (!ctx.user?.id)
    throw new ServiceError("UNAUTHORIZED", "Preferences belong to a signed-in user.");
  return ctx.user.id;
}

/** The caller's value for `key` in the current project, or null. */
export async function getPreference({ ctx, input }: { ctx: DomainCtx; input: { key: string } }) {
  const { key } = GetPreferenceInput.parse(input);
  const [row] = await ctx.db
    .select({ value: userPreferences.value })
    .from(userPreferences)
    .where(
      and(
        eq(userPreferences.userId, userOf(ctx)),
        eq(userPreferences.projectId, projectOf(ctx)),
        eq(userPreferences.key, key),
      ),
    );
  return { key, value: (row?.value ?? null) as unknown };
}

export async function setPreference({ ctx, input }: { ctx: DomainCtx; input: SetPreferenceInput }) {
  const { key, value } = SetPreferenceInput.parse(input);
  const row = { userId: userOf(ctx), projectId: projectOf(ctx), key, value: value as object };
  await ctx.db
    .insert(userPreferences)
    .values(row)
    .onConflictDoUpdate({
      target: [userPreferences.userId, userPreferences.projectId, userPreferences.key],
      set: { value: row.value, updatedAt: new Date() },
    });
  return { key, value };
}
