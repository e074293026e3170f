import { defineJob } from "@/server/jobs/define";
import { PREBUILD_TILES_JOB, prebuildTiles } from "@/server/services/series/prebuild-tiles";
import { RunJobPayload } from "./payloads";

/** Prebuilds chart tiles of a finished run (enqueued once per run when its training ends). */
export const prebuildTilesJob = defineJob({
  kind: PREBUILD_TILES_JOB,
  payload: RunJobPayload,
  maxAttempts: 3,
  leaseSeconds: 300,
  async handler({ ctx, payload }) {
    await prebuildTiles(ctx.db, payload.runId);
  },
});
