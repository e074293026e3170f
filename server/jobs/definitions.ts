import type { JobDefinition } from "@/server/jobs/define";
import { deliverWebhookJob } from "./handlers/deliver-webhook";
import { dispatchRunJob } from "./handlers/dispatch-run";
import { evaluateCheckpointJob } from "./handlers/evaluate-checkpoint";
import { evaluateRunJob } from "./handlers/evaluate-run";
import { pollRunJob } from "./handlers/poll-run";
import { prebuildTilesJob } from "./handlers/prebuild-tiles";
import { refreshLeaderboardJob } from "./handlers/refresh-leaderboard";

/** Every job kind the worker loop serves. */
export const jobDefinitions: readonly JobDefinition[] = [
  dispatchRunJob,
  pollRunJob,
  evaluateRunJob,
  deliverWebhookJob,
  evaluateCheckpointJob,
  prebuildTilesJob,
  refreshLeaderboardJob,
];
