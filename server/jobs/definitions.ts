import type { JobKind, JobPayload } from "./contracts";
import type { JobDefinition } from "./define";
import { deliverWebhookJob } from "./handlers/deliver-webhook";
import { dispatchRunJob } from "./handlers/dispatch-run";
import { evaluateCheckpointJob } from "./handlers/evaluate-checkpoint";
import { evaluateRunJob } from "./handlers/evaluate-run";
import { fetchRunOutputJob } from "./handlers/fetch-run-output";
import { judgePairwiseJob } from "./handlers/judge-pairwise";
import { pollRunJob } from "./handlers/poll-run";
import { prebuildTilesJob } from "./handlers/prebuild-tiles";
import { refreshLeaderboardJob } from "./handlers/refresh-leaderboard";

// One definition per contract: a kind without a handler (or a handler for another kind) does not
// compile.
const byKind = {
  "run.dispatch": dispatchRunJob,
  "run.poll": pollRunJob,
  "run.evaluate": evaluateRunJob,
  "run.fetch-output": fetchRunOutputJob,
  "checkpoint.evaluate": evaluateCheckpointJob,
  "webhook.deliver": deliverWebhookJob,
  "series.tiles": prebuildTilesJob,
  "judge.pairwise": judgePairwiseJob,
  "leaderboard.refresh": refreshLeaderboardJob,
} satisfies { [K in JobKind]: JobDefinition<JobPayload<K>> & { kind: K } };

/** Every job kind the worker loop serves. */
export const jobDefinitions: readonly JobDefinition<unknown>[] = Object.values(byKind);
