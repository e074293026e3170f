import http from "node:http";
import type { AddressInfo } from "node:net";
import { OpenAIRequestValidator } from "./openapi-validator";

// A stateful fake of the OpenAI files, fine-tuning and chat-completions endpoints. Every request
// is checked against the official OpenAPI document first; one that does not match is answered
// 422 (as Prism does) and recorded in `specErrors`, so a test fails on any malformed request.

// Request bodies reach `route` only once they match the OpenAPI document, so each endpoint's branch
// reads its body as that endpoint's shape (the fields used here).
type FileUpload = { file: File; purpose: string };
type CreateJob = {
  model: string;
  training_file: string;
  validation_file?: string | null;
  method?: { type: string; supervised?: { hyperparameters?: Record<string, unknown> } };
  seed?: number;
  metadata?: Record<string, string> | null;
  suffix?: string;
};
export type ChatRequest = { model: string; messages: { role: string; content: string }[] };

/** A fine-tuning job as the fake stores and returns it; `advance` may set further fields. */
type Job = {
  id: string;
  object: "fine_tuning.job";
  created_at: number;
  finished_at: number | null;
  model: string;
  fine_tuned_model: string | null;
  organization_id: string;
  status: string;
  error: unknown;
  hyperparameters: Record<string, unknown>;
  method: CreateJob["method"];
  training_file: string;
  validation_file: string | null;
  result_files: string[];
  trained_tokens: number | null;
  seed: number;
  metadata: Record<string, string> | null;
  estimated_finish: number | null;
  integrations: null;
  suffix: string | undefined;
  [field: string]: unknown;
};
type Listed = { id: string; created_at: number };

export type FakeOpenAI = {
  url: string;
  files: Map<string, { filename: string; purpose: string; content: string }>;
  jobs: Map<string, Job>;
  requests: {
    method: string;
    path: string;
    body: unknown;
    headers: http.IncomingHttpHeaders;
    /** Azure OpenAI: the deployment in /deployments/{name}/… (the path is given without it). */
    deployment?: string;
  }[];
  /** Azure OpenAI deployments: name → the model it serves. */
  deployments: Map<string, string>;
  specErrors: string[];
  chat: {
    inFlight: number;
    maxInFlight: number;
    faults: number[];
    /** Seconds sent as Retry-After with each fault, when set. */
    retryAfter: string | null;
    /** How long each completion takes (ms; default 15). */
    latencyMs: number;
    /** A scripted model (e.g. a judge): the completion's text for a request; default an echo. */
    respond: ((request: ChatRequest) => string) | null;
  };
  refuseJobs: string | null;
  advance(
    id: string,
    change: {
      status?: string;
      events?: { type?: "message" | "metrics"; message?: string; level?: string; data?: unknown }[];
      checkpoints?: { step: number; metrics?: object }[];
      [k: string]: unknown;
    },
  ): void;
  close(): Promise<void>;
};

export async function startFakeOpenAI(
  validator = new OpenAIRequestValidator(),
): Promise<FakeOpenAI> {
  let n = 0;
  const id = (p: string) => `${p}-${String(++n).padStart(6, "0")}`;
  const clock = () => 1_764_000_000 + n;
  const files: FakeOpenAI["files"] = new Map();
  const jobs = new Map<string, Job>();
  const events = new Map<string, Listed[]>();
  const checkpoints = new Map<string, Listed[]>();
  const requests: FakeOpenAI["requests"] = [];
  const specErrors: string[] = [];
  const chat: FakeOpenAI["chat"] = {
    inFlight: 0,
    maxInFlight: 0,
    faults: [],
    retryAfter: null,
    latencyMs: 15,
    respond: null,
  };

  const addEvent = (
    job: string,
    e: { type?: string; message?: string; level?: string; data?: unknown },
  ) =>
    events.get(job)!.push({
      id: id("ftevent"),
      object: "fine_tuning.job.event",
      created_at: clock(),
      level: e.level ?? "info",
      message: e.message ?? "",
      type: e.type ?? "message",
      ...(e.data ? { data: e.data } : {}),
    } as Listed);

  /** Newest first, `after` = the last id of the previous page, as OpenAI's cursor lists do. */
  const page = (items: Listed[], q: URLSearchParams) => {
    const newest = [...items].reverse();
    const after = q.get("after");
    const from = after ? newest.findIndex((x) => x.id === after) + 1 : 0;
    const limit = Number(q.get("limit") ?? 20);
    return {
      object: "list",
      data: newest.slice(from, from + limit),
      has_more: from + limit < newest.length,
    };
  };

  const fake: FakeOpenAI = {
    url: "",
    files,
    jobs,
    requests,
    specErrors,
    chat,
    deployments: new Map(),
    refuseJobs: null,
    advance(jobId, change) {
      const job = jobs.get(jobId)!;
      const { events: evs = [], checkpoints: cks = [], ...fields } = change;
      Object.assign(job, fields);
      if (["succeeded", "failed", "cancelled"].includes(job.status)) job.finished_at ??= clock();
      for (const e of evs) addEvent(jobId, e);
      for (const c of cks) {
        checkpoints.get(jobId)!.push({
          id: id("ftckpt"),
          object: "fine_tuning.job.checkpoint",
          created_at: clock(),
          fine_tuned_model_checkpoint: `ft:${job.model}:org:tb:ckpt-step-${c.step}`,
          fine_tuning_job_id: jobId,
          step_number: c.step,
          metrics: c.metrics ?? {},
        } as Listed);
      }
    },
    close: () => Promise.resolve(),
  };

  const error = (
    status: number,
    message: string,
    code: string | null = null,
    headers?: Record<string, string>,
  ) => ({
    status,
    body: { error: { message, type: "invalid_request_error", param: null, code } },
    headers,
  });

  async function route(
    method: string,
    path: string,
    q: URLSearchParams,
    parsed: unknown,
    deployment?: string,
  ): Promise<{ status: number; body: unknown; raw?: string; headers?: Record<string, string> }> {
    if (method === "POST" && path === "/files") {
      const body = parsed as FileUpload;
      const fileId = id("file");
      files.set(fileId, {
        filename: body.file.name,
        purpose: body.purpose,
        content: await body.file.text(),
      });
      return {
        status: 200,
        body: {
          id: fileId,
          object: "file",
          bytes: body.file.size,
          created_at: clock(),
          filename: body.file.name,
          purpose: body.purpose,
          status: "processed",
        },
      };
    }
    const content = path.match(/^\/files\/([^/]+)\/content$/);
    if (content) {
      const f = files.get(content[1]!);
      return f
        ? { status: 200, body: null, raw: f.content }
        : error(404, `No such File object: ${content[1]}`);
    }
    const file = path.match(/^\/files\/([^/]+)$/);
    if (method === "DELETE" && file) {
      return files.delete(file[1]!)
        ? { status: 200, body: { id: file[1], object: "file", deleted: true } }
        : error(404, `No such File object: ${file[1]}`);
    }
    if (method === "POST" && path === "/fine_tuning/jobs") {
      const body = parsed as CreateJob;
      if (fake.refuseJobs) return error(403, fake.refuseJobs, "fine_tuning_not_available");
      if (!files.has(body.training_file))
        return error(400, `invalid training_file: ${body.training_file}`, "invalid_training_file");
      const jobId = id("ftjob");
      const hp = body.method?.supervised?.hyperparameters ?? {};
      const job: Job = {
        id: jobId,
        object: "fine_tuning.job",
        created_at: clock(),
        finished_at: null,
        model: body.model,
        fine_tuned_model: null,
        organization_id: "org-fake",
        status: "validating_files",
        error: null,
        hyperparameters: hp,
        method: body.method,
        training_file: body.training_file,
        validation_file: body.validation_file ?? null,
        result_files: [],
        trained_tokens: null,
        seed: body.seed ?? 0,
        metadata: body.metadata ?? null,
        estimated_finish: null,
        integrations: null,
        suffix: body.suffix,
      };
      jobs.set(jobId, job);
      events.set(jobId, []);
      checkpoints.set(jobId, []);
      addEvent(jobId, { message: `Created fine-tuning job: ${jobId}` });
      return { status: 200, body: job };
    }
    if (method === "GET" && path === "/fine_tuning/jobs") {
      const filters = [...q.entries()].flatMap(([k, v]) => {
        const key = k.match(/^metadata\[(.+)\]$/);
        return key ? [[key[1]!, v] as const] : [];
      });
      const all = [...jobs.values()].filter((j) =>
        filters.every(([k, v]) => j.metadata?.[k] === v),
      );
      return { status: 200, body: page(all as unknown as Listed[], q) };
    }
    const m = path.match(/^\/fine_tuning\/jobs\/([^/]+)(?:\/(cancel|events|checkpoints))?$/);
    if (m) {
      const job = jobs.get(m[1]!);
      if (!job) return error(404, `Could not find fine-tune: ${m[1]}`);
      if (!m[2]) return { status: 200, body: job };
      if (m[2] === "events") return { status: 200, body: page(events.get(job.id)!, q) };
      if (m[2] === "checkpoints") return { status: 200, body: page(checkpoints.get(job.id)!, q) };
      if (["succeeded", "failed", "cancelled"].includes(job.status))
        return error(400, `Job has already ${job.status}.`);
      fake.advance(job.id, {
        status: "cancelled",
        events: [{ message: "Fine-tuning job cancelled" }],
      });
      return { status: 200, body: job };
    }
    if (method === "POST" && path === "/chat/completions") {
      // Azure serves the deployment's model, whatever the body names.
      if (deployment !== undefined && !fake.deployments.has(deployment))
        return error(404, `The API deployment ${deployment} does not exist`, "DeploymentNotFound");
      const body = {
        ...(parsed as ChatRequest),
        ...(deployment !== undefined ? { model: fake.deployments.get(deployment)! } : {}),
      };
      chat.inFlight++;
      chat.maxInFlight = Math.max(chat.maxInFlight, chat.inFlight);
      try {
        await new Promise((r) => setTimeout(r, chat.latencyMs));
        const fault = chat.faults.shift();
        if (fault)
          return error(
            fault,
            fault === 429 ? "Rate limit reached" : "The server had an error",
            fault === 429 ? "rate_limit_exceeded" : null,
            chat.retryAfter === null ? undefined : { "retry-after": chat.retryAfter },
          );
        const known =
          body.model.startsWith("gpt-") ||
          [...jobs.values()].some((j) => j.fine_tuned_model === body.model);
        if (!known) return error(404, `The model ${body.model} does not exist`, "model_not_found");
        const last = body.messages.at(-1)!.content;
        return {
          status: 200,
          body: {
            id: id("chatcmpl"),
            object: "chat.completion",
            created: clock(),
            model: body.model,
            choices: [
              {
                index: 0,
                message: {
                  role: "assistant",
                  content: chat.respond ? chat.respond(body) : `${body.model}> ${last}`,
                  refusal: null,
                },
                finish_reason: "stop",
                logprobs: null,
              },
            ],
            usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
          },
        };
      } finally {
        chat.inFlight--;
      }
    }
    return error(404, `fake: ${method} ${path} is not implemented`);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://x");
      // OpenAI: /v1/...; Azure OpenAI: /openai/[deployments/{name}/]...?api-version=...
      const deployed = url.pathname.match(/^\/openai\/deployments\/([^/]+)(\/.*)$/);
      const deployment = deployed ? decodeURIComponent(deployed[1]!) : undefined;
      const path = deployed ? deployed[2]! : url.pathname.replace(/^\/(v1|openai)(?=\/)/, "");
      url.searchParams.delete("api-version");
      const method = req.method ?? "GET";
      const type = String(req.headers["content-type"] ?? "");
      let body: unknown;
      let shape: unknown;
      if (type.startsWith("multipart/form-data")) {
        const form = await new Request("http://x", {
          method,
          headers: { "content-type": type },
          body: raw,
        }).formData();
        body = Object.fromEntries(form.entries());
        shape = Object.fromEntries(
          [...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : "<binary>"]),
        );
      } else if (raw.length) {
        body = JSON.parse(raw.toString("utf8"));
        shape = body;
      }
      requests.push({ method, path, body: shape, headers: req.headers, deployment });
      const problems = validator.check(method, path, type, shape, [...url.searchParams.keys()]);
      let out: { status: number; body: unknown; raw?: string; headers?: Record<string, string> };
      if (problems.length) {
        specErrors.push(...problems);
        out = {
          status: 422,
          body: {
            error: {
              message: problems.join("; "),
              type: "invalid_request_error",
              param: null,
              code: null,
            },
          },
        };
      } else out = await route(method, path, url.searchParams, body, deployment);
      if (out.raw !== undefined) {
        res.writeHead(out.status, { "content-type": "application/octet-stream" });
        return res.end(out.raw);
      }
      res.writeHead(out.status, { "content-type": "application/json", ...out.headers });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}
