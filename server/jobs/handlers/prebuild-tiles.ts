import { defineJob } from "@/server/jobs/define";
import { prebuildTiles } from "@/server/services/series/prebuild-tiles";

/** Prebuilds a run's chart tiles (when its training ends, and per step range while it ingests). */
export const prebuildTilesJob = defineJob({
  kind: "series.tiles",
  leaseSeconds: 300,
  async handler({ ctx, payload }) {
    await prebuildTiles(ctx.db, payload.runId);
  },
});
