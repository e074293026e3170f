import { APIConnectionError, APIError } from "openai";

/**
 * Retries 429s, 5xx and dropped connections with exponential backoff and full jitter, honouring
 * Retry-After. An exhausted quota is a 429 too, but waiting does not fix it, so it is not retried.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  o: { maxAttempts: number; baseMs: number; sleep?: (ms: number) => Promise<void> },
): Promise<T> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const status = e instanceof APIError ? e.status : undefined;
      const quota = e instanceof APIError && e.code === "insufficient_quota";
      const retriable =
        !quota &&
        (e instanceof APIConnectionError ||
          status === 429 ||
          (status !== undefined && status >= 500));
      if (!retriable || attempt >= o.maxAttempts) throw e;
      const after = Number((e as APIError).headers?.get?.("retry-after"));
      const backoff = o.baseMs * 2 ** (attempt - 1);
      await sleep(
        Number.isFinite(after) && after > 0 ? after * 1000 : Math.random() * backoff + backoff / 2,
      );
    }
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapBounded<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
