import http from "node:http";
import type { AddressInfo } from "node:net";

// A small stateful fake of the SageMaker and CloudWatch Logs JSON APIs (awsJson1_1, routed by
// X-Amz-Target) plus S3 PUT/GET, so the real AWS SDK clients' serialisation is exercised. moto
// cannot do this part: its jobs are Completed at creation and it lacks StopTrainingJob.

type Transition = { Status: string; StartTime: number; EndTime?: number; StatusMessage: string };
/** A JSON request body as the SDK sent it. */
type Body = Record<string, unknown>;
/** The CreateTrainingJob fields the fake and the tests read, as Tunebench's backend sends them. */
export type TrainingJobRequest = {
  TrainingJobName: string;
  HyperParameters: Record<string, string>;
  AlgorithmSpecification: unknown;
  InputDataConfig: { ChannelName: string; DataSource: { S3DataSource: { S3Uri: string } } }[];
  OutputDataConfig: { S3OutputPath: string };
  ResourceConfig: unknown;
  StoppingCondition: unknown;
  EnableManagedSpotTraining?: boolean;
  CheckpointConfig?: unknown;
};
export type FakeJob = {
  request: TrainingJobRequest;
  TrainingJobStatus: string;
  SecondaryStatus: string;
  transitions: Transition[];
  streams: Record<string, string[]>;
  extra: Record<string, unknown>;
};

export type FakeSageMaker = {
  url: string;
  jobs: Map<string, FakeJob>;
  calls: { target: string; body: Body }[];
  objects: Map<string, Buffer>;
  /** Moves a job to a status, appending a SecondaryStatusTransition as SageMaker does. */
  transition(
    name: string,
    status: string,
    secondary: string,
    message?: string,
    extra?: Record<string, unknown>,
  ): void;
  log(name: string, stream: string, ...lines: string[]): void;
  close(): Promise<void>;
};

const now = () => Date.now() / 1000;

export async function startFakeSageMaker(): Promise<FakeSageMaker> {
  const jobs = new Map<string, FakeJob>();
  const calls: FakeSageMaker["calls"] = [];
  const objects = new Map<string, Buffer>();

  const transition: FakeSageMaker["transition"] = (
    name,
    status,
    secondary,
    message = "",
    extra = {},
  ) => {
    const job = jobs.get(name);
    if (!job) throw new Error(`fake: no job ${name}`);
    const last = job.transitions.at(-1);
    if (last && !last.EndTime) last.EndTime = now();
    job.transitions.push({ Status: secondary, StartTime: now(), StatusMessage: message });
    Object.assign(job, { TrainingJobStatus: status, SecondaryStatus: secondary });
    Object.assign(job.extra, extra);
  };

  const err = (res: http.ServerResponse, type: string, message: string) => {
    res.writeHead(400, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": type });
    res.end(JSON.stringify({ __type: type, message }));
  };

  const handlers: Record<string, (b: Body, res: http.ServerResponse) => unknown> = {
    "SageMaker.CreateTrainingJob": (body, res) => {
      const b = body as TrainingJobRequest;
      if (jobs.has(b.TrainingJobName))
        return err(
          res,
          "ResourceInUse",
          `Training job names must be unique within an AWS account and region, and a training job with this name already exists (${b.TrainingJobName})`,
        );
      jobs.set(b.TrainingJobName, {
        request: b,
        TrainingJobStatus: "InProgress",
        SecondaryStatus: "Starting",
        transitions: [
          {
            Status: "Starting",
            StartTime: now(),
            StatusMessage: "Preparing the instances for training",
          },
        ],
        streams: {},
        extra: {},
      });
      return {
        TrainingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${b.TrainingJobName}`,
      };
    },
    "SageMaker.DescribeTrainingJob": (b, res) => {
      const name = String(b.TrainingJobName);
      const job = jobs.get(name);
      if (!job) return err(res, "ValidationException", `Could not find training job '${name}'.`);
      // StopTrainingJob's 120 s SIGTERM window, collapsed: the next look finds the job Stopped.
      if (job.TrainingJobStatus === "Stopping")
        transition(name, "Stopped", "Stopped", "Training job stopped", {
          BillableTimeInSeconds: 42,
          TrainingTimeInSeconds: 42,
        });
      const r = job.request;
      return {
        TrainingJobName: r.TrainingJobName,
        TrainingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${r.TrainingJobName}`,
        TrainingJobStatus: job.TrainingJobStatus,
        SecondaryStatus: job.SecondaryStatus,
        SecondaryStatusTransitions: job.transitions,
        AlgorithmSpecification: r.AlgorithmSpecification,
        HyperParameters: r.HyperParameters,
        ResourceConfig: r.ResourceConfig,
        StoppingCondition: r.StoppingCondition,
        EnableManagedSpotTraining: r.EnableManagedSpotTraining ?? false,
        CheckpointConfig: r.CheckpointConfig,
        ModelArtifacts: {
          S3ModelArtifacts: `${r.OutputDataConfig.S3OutputPath}${r.TrainingJobName}/output/model.tar.gz`,
        },
        CreationTime: job.transitions[0]!.StartTime,
        LastModifiedTime: now(),
        ...job.extra,
      };
    },
    "SageMaker.StopTrainingJob": (b, res) => {
      const name = String(b.TrainingJobName);
      const job = jobs.get(name);
      if (!job) return err(res, "ValidationException", `Could not find training job '${name}'.`);
      if (job.TrainingJobStatus !== "InProgress")
        return err(
          res,
          "ValidationException",
          `The request was rejected because the training job is in status ${job.TrainingJobStatus}.`,
        );
      transition(name, "Stopping", "Stopping", "Stopping the training job");
      return {};
    },
    "Logs_20140328.DescribeLogStreams": (b, res) => {
      const streams = [...jobs.entries()]
        .flatMap(([, j]) => Object.keys(j.streams))
        .filter((s) => s.startsWith(String(b.logStreamNamePrefix ?? "")));
      if (!streams.length && b.logGroupName !== "/aws/sagemaker/TrainingJobs")
        return err(res, "ResourceNotFoundException", "The specified log group does not exist.");
      return { logStreams: streams.map((logStreamName) => ({ logStreamName })) };
    },
    "Logs_20140328.GetLogEvents": (b) => {
      const stream = String(b.logStreamName);
      const lines = [...jobs.values()].find((j) => j.streams[stream])?.streams[stream] ?? [];
      const from = b.nextToken ? Number(String(b.nextToken).slice(2)) : 0;
      const page = lines.slice(from, from + 3); // small pages, to exercise paging
      const to = from + page.length;
      return {
        events: page.map((message, i) => ({
          timestamp: Date.now(),
          ingestionTime: Date.now(),
          message,
          eventId: String(from + i),
        })),
        nextForwardToken: `f/${to}`,
        nextBackwardToken: `b/${from}`,
      };
    },
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const target = String(req.headers["x-amz-target"] ?? "");
      if (!target) {
        // S3, path style: PUT/GET /bucket/key
        const key = decodeURIComponent((req.url ?? "").split("?")[0]!.slice(1));
        if (req.method === "PUT") {
          objects.set(key, raw);
          res.writeHead(200, { etag: '"fake"' });
          return res.end();
        }
        const obj = objects.get(key);
        if (req.method === "GET" && obj) {
          res.writeHead(200, {
            "content-type": "application/octet-stream",
            "content-length": obj.length,
          });
          return res.end(obj);
        }
        res.writeHead(404, { "content-type": "application/xml" });
        return res.end(
          `<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>no ${key}</Message></Error>`,
        );
      }
      const body: Body = raw.length ? JSON.parse(raw.toString("utf8")) : {};
      calls.push({ target, body });
      const handler = handlers[target];
      if (!handler)
        return err(res, "UnknownOperationException", `fake: ${target} is not implemented`);
      const out = handler(body, res);
      if (res.headersSent) return;
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    jobs,
    calls,
    objects,
    transition,
    log(name, stream, ...lines) {
      const job = jobs.get(name)!;
      const key = `${name}/${stream}`;
      job.streams[key] ??= [];
      job.streams[key]!.push(...lines);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
