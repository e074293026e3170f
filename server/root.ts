import { authRouter } from "./routers/auth";
import { checkpointsRouter } from "./routers/checkpoints";
import { compareRouter } from "./routers/compare";
import { datasetsRouter } from "./routers/datasets";
import { experimentsRouter } from "./routers/experiments";
import { gatesRouter } from "./routers/gates";
import { judgesRouter } from "./routers/judges";
import { leaderboardRouter } from "./routers/leaderboard";
import { preferencesRouter } from "./routers/preferences";
import { projectsRouter } from "./routers/projects";
import { reviewsRouter } from "./routers/reviews";
import { runsRouter } from "./routers/runs";
import { seriesRouter } from "./routers/series";
import { settingsRouter } from "./routers/settings";
import { tokensRouter } from "./routers/tokens";
import { usersRouter } from "./routers/users";
import { webhooksRouter } from "./routers/webhooks";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter, //               auth.status (public), auth.whoami
  users: usersRouter, //             admin: users.list, .invite, .setRole, .remove
  tokens: tokensRouter, //           tokens.list, .create (secret shown once), .revoke
  projects: projectsRouter, //       projects.list
  datasets: datasetsRouter, //       datasets.upload, .list, .get
  experiments: experimentsRouter, // experiments.previewGrid, .create, .list, .get, .localDevices
  runs: runsRouter, //               runs.list, .get, .cancel, .evaluate, .metrics, .logs, .samples, .table (one experiment's or the project's), .setTags
  leaderboard: leaderboardRouter, // leaderboard.get
  gates: gatesRouter, //             gates.list (regression-gate verdicts per run)
  judges: judgesRouter, //           judges.list, .get, .verdicts, .calibration, .try; admin: .create, .update (a new version)
  reviews: reviewsRouter, //         reviews.create, .list, .get, .setReviewers, .close, .guidelines, .next, .vote, .skip, .back, .results
  series: seriesRouter, //           series.get (LTTB + min/max envelope)
  compare: compareRouter, //         compare.get, .samples
  checkpoints: checkpointsRouter, // checkpoints.list, .evaluate, .promote
  preferences: preferencesRouter, // preferences.get, .set (per user)
  settings: settingsRouter, //       admin: settings.get, .update, .setSecret, .rotateSecret (shown once), .clearSecret
  webhooks: webhooksRouter, //       admin: webhooks.list, .create (secret shown once), .update, .delete, .rotateSecret, .deliveries, .sendTest, .redeliver
});

export type AppRouter = typeof appRouter;

/** Server-side caller: `createCaller(ctx).runs.list(...)` (server components, tests, benchmarks). */
export const createCaller = createCallerFactory(appRouter);
