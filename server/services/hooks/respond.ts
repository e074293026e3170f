import { internalErrorMessage } from "@/server/errors";

// Hooks answer tersely: a caller that fails a check learns which class of failure it was and
// nothing more (no "secret not configured", no "run exists but signature wrong"). Only a 400
// after the signature was verified says what was wrong, since its sender is known.
const MESSAGES = {
  200: "ok",
  400: "bad request",
  401: "unauthorized",
  404: "not found",
  413: "payload too large",
  415: "unsupported media type",
  500: "internal error",
} as const;
export type HookStatus = keyof typeof MESSAGES;

/** Thrown inside a hook handler to answer with `status`; anything else thrown becomes a 500. */
export class HookError extends Error {
  constructor(
    readonly status: Exclude<HookStatus, 200>,
    /** For a signed request's 400 only: the field and what is wrong with it. */
    readonly detail?: string,
  ) {
    super(detail ? `${MESSAGES[status]}: ${detail}` : MESSAGES[status]);
  }
}

export function hookResponse(status: HookStatus, extra: Record<string, unknown> = {}): Response {
  const body = status === 200 ? { ok: true, ...extra } : { error: MESSAGES[status], ...extra };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

/** Runs a hook; HookErrors become their terse answer, anything unexpected a logged 500. */
export async function answer(
  source: string,
  fn: () => Promise<Record<string, unknown>>,
): Promise<Response> {
  try {
    return hookResponse(200, await fn());
  } catch (e) {
    if (e instanceof HookError)
      return hookResponse(e.status, e.detail ? { error: e.message, detail: e.detail } : {});
    const message = internalErrorMessage(e, `hook ${source}`);
    return hookResponse(500, { error: message.replace(/^Internal/, "internal") });
  }
}
