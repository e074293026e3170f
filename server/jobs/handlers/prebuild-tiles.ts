import { defineJob } from "@/server/jobs/define";
import { prebuildTiles } from "@/server/services/series/prebuild-tiles";

/** Prebuilds chart tiles of a finished run (enqueued once per run when its training ends). */
export const prebuildTilesJob = defineJob({
  kind: "series.tiles",
  leaseSeconds: 300,
  async handler({ ctx, payload }) {
    await prebuildTiles(ctx.db, payload.runId);
  },
});
