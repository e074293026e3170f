import { projectOf } from "@/server/ctx";
import {
  ClearSecretInput,
  RotateSecretInput,
  SetSecretInput,
  UpdateSettingsInput,
} from "@/server/schemas/settings";
import {
  clearSecret,
  getSettings,
  rotateSecret,
  setSecret,
  updateSettings,
} from "@/server/services/settings";
import { adminProcedure, createTRPCRouter } from "@/server/trpc";

// Admin only: backend credentials and hook secrets. No procedure returns a stored secret; the
// generated hook secrets come back once, from rotateSecret.
export const settingsRouter = createTRPCRouter({
  get: adminProcedure.query(({ ctx }) => getSettings(ctx.db, projectOf(ctx))),
  update: adminProcedure
    .input(UpdateSettingsInput)
    .mutation(({ ctx, input }) =>
      updateSettings(ctx.db, projectOf(ctx), ctx.user?.id ?? null, input),
    ),
  setSecret: adminProcedure
    .input(SetSecretInput)
    .mutation(({ ctx, input }) => setSecret(ctx.db, projectOf(ctx), input)),
  rotateSecret: adminProcedure
    .input(RotateSecretInput)
    .mutation(({ ctx, input }) => rotateSecret(ctx.db, projectOf(ctx), input.name)),
  clearSecret: adminProcedure
    .input(ClearSecretInput)
    .mutation(({ ctx, input }) => clearSecret(ctx.db, projectOf(ctx), input.name)),
});
