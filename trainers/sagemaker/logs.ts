import {
  type CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-cloudwatch-logs";
import { parseWorkerLine } from "../local/events";
import type { BackendEvent } from "../types";
import { CHECKPOINT_LOCAL_PATH } from "./transform";

// The worker's stdout lines reach CloudWatch Logs (/aws/sagemaker/TrainingJobs, one stream per
// host and restart: <job>/algo-1-<ts>). We tail each stream with its forward token, which is
// stable, so a restarted server continues exactly where the stored ref says.

export const LOG_GROUP = "/aws/sagemaker/TrainingJobs";
const PAGES_PER_POLL = 20;
// The job's terminal state comes from DescribeTrainingJob; the worker's own terminal lines name
// container paths, so only these pass through.
const PASS = new Set(["started", "progress", "metric", "checkpoint", "log"]);

export type LogTokens = Record<string, string>;

export async function readWorkerLogs(
  logs: CloudWatchLogsClient,
  jobName: string,
  tokens: LogTokens,
  checkpointUri: string,
): Promise<{ events: BackendEvent[]; tokens: LogTokens }> {
  let streams: string[];
  try {
    const res = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: LOG_GROUP,
        logStreamNamePrefix: `${jobName}/`,
      }),
    );
    streams = (res.logStreams ?? [])
      .map((s) => s.logStreamName!)
      .filter(Boolean)
      .sort();
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return { events: [], tokens }; // no log yet
    throw e;
  }
  const next = { ...tokens };
  const events: BackendEvent[] = [];
  for (const stream of streams) {
    for (let page = 0; page < PAGES_PER_POLL; page++) {
      const res = await logs.send(
        new GetLogEventsCommand({
          logGroupName: LOG_GROUP,
          logStreamName: stream,
          startFromHead: true,
          ...(next[stream] ? { nextToken: next[stream] } : {}),
        }),
      );
      for (const line of res.events ?? []) {
        const e = workerEvent(line.message ?? "", `${LOG_GROUP}/${stream}`);
        if (e)
          events.push(e.type === "checkpoint" ? { ...e, path: toS3(e.path, checkpointUri) } : e);
      }
      const token = res.nextForwardToken;
      const done = !token || token === next[stream] || !(res.events ?? []).length;
      if (token) next[stream] = token;
      if (done) break;
    }
  }
  return { events, tokens: next };
}

function workerEvent(message: string, where: string): BackendEvent | null {
  const text = message.trim();
  if (!text.startsWith("{")) return null; // stderr: library output and tracebacks
  try {
    const e = parseWorkerLine(text, where);
    return e && PASS.has(e.type) ? e : null;
  } catch {
    return null;
  }
}

/** /opt/ml/checkpoints/x → <CheckpointConfig.S3Uri>/x: SageMaker syncs that folder there. */
function toS3(localPath: string, checkpointUri: string): string {
  if (!localPath.startsWith(CHECKPOINT_LOCAL_PATH)) return localPath;
  return checkpointUri.replace(/\/$/, "") + localPath.slice(CHECKPOINT_LOCAL_PATH.length);
}
