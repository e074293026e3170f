/** A small client for /api/v1 (fetch; no dependencies), configured from flags or the environment. */

export class CliError extends Error {
  /** 2: usage, configuration, connection or API errors (the documented exit code for "could not check"). */
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export type ApiErrorBody = {
  error?: {
    code?: string;
    message?: string;
    issues?: { path: string; message: string }[];
    details?: unknown;
  };
};

export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(
      `${status} ${body.error?.code ?? ""}: ${body.error?.message ?? "request failed"}`.replace(
        " :",
        ":",
      ),
    );
  }
}

export type ClientOptions = { url?: string; token?: string };

export class ApiClient {
  readonly base: string;
  private readonly token: string | undefined;

  constructor(options: ClientOptions = {}, env: NodeJS.ProcessEnv = process.env) {
    const url = options.url ?? env.TUNEBENCH_URL ?? "http://127.0.0.1:3000";
    try {
      this.base = new URL("/api/v1", url).toString();
    } catch {
      throw new CliError(
        `Not a URL: ${JSON.stringify(url)} (set TUNEBENCH_URL or --url, e.g. http://127.0.0.1:3000)`,
      );
    }
    this.token = options.token ?? env.TUNEBENCH_TOKEN;
  }

  /** The raw response of a request; connection problems become CliError (exit 2). */
  async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    try {
      return await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(
        `Cannot reach Tunebench at ${this.base} (${cause?.code ?? cause?.message ?? (e as Error).message}). Is the server running? Set TUNEBENCH_URL or --url.`,
      );
    }
  }

  /** JSON request; a non-2xx answer throws ApiError with the server's message. */
  async json<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetch(method, path, body);
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      throw new CliError(
        `${method} ${path}: the server answered ${res.status} with something that is not JSON (is TUNEBENCH_URL the Tunebench server?)`,
      );
    }
    if (!res.ok) throw new ApiError(res.status, (parsed ?? {}) as ApiErrorBody);
    return parsed as T;
  }

  /** A failing request's body, for streams: throws ApiError like json(). */
  async ensureOk(res: Response, what: string): Promise<Response> {
    if (res.ok) return res;
    const text = await res.text();
    let body: ApiErrorBody = {};
    try {
      body = JSON.parse(text) as ApiErrorBody;
    } catch {
      body = { error: { message: `${what}: ${text.slice(0, 200)}` } };
    }
    throw new ApiError(res.status, body);
  }
}

/** Renders an ApiError for a person: the message, then one line per field problem. */
export function describeApiError(e: ApiError): string {
  const lines = [e.message];
  for (const issue of e.body.error?.issues ?? []) lines.push(`  ${issue.path}: ${issue.message}`);
  if (e.status === 401)
    lines.push("  (set TUNEBENCH_TOKEN or --token to an API token from Settings → API tokens)");
  return lines.join("\n");
}
