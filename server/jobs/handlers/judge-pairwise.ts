import { defineJob } from "@/server/jobs/define";
import { judgePairwise } from "@/server/services/judges/judge-pairwise";
import { leaseSeconds } from "./lease";

/** Judges a run against its reference run with a pairwise judge (enqueued after evaluations). */
export const judgePairwiseJob = defineJob({
  kind: "judge.pairwise",
  leaseSeconds: leaseSeconds(),
  async handler({ ctx, payload }) {
    await judgePairwise({ ctx, input: payload });
  },
});
