// Retry schedule of outgoing webhooks: attempt n+1 comes base × 4^(n−1) after attempt n fails
// (defaults 10 s, 40 s, 2.7 min, 11 min, 43 min, 2.8 h, 10 h cap: about 14 h in all, near the
// Standard Webhooks reference schedule), ±10% jitter so endpoints that failed together spread out.
const MAX_DELAY_MS = 10 * 60 * 60 * 1000;

export type RetrySchedule = { maxAttempts: number; baseMs: number };

export function retrySchedule(
  env: Record<string, string | undefined> = process.env,
): RetrySchedule {
  return {
    maxAttempts: Number(env.TUNEBENCH_WEBHOOK_MAX_ATTEMPTS) || 8,
    baseMs: Number(env.TUNEBENCH_WEBHOOK_RETRY_BASE_MS) || 10_000,
  };
}

/** When attempt `failed` + 1 should happen, or null when `failed` was the last one. */
export function nextAttemptAt(
  failed: number,
  schedule: RetrySchedule,
  now = Date.now(),
  random = Math.random,
): Date | null {
  if (failed >= schedule.maxAttempts) return null;
  const exact = Math.min(MAX_DELAY_MS, schedule.baseMs * 4 ** (failed - 1));
  return new Date(now + Math.round(exact * (0.9 + 0.2 * random())));
}
