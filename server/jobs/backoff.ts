const MAX_DELAY_MS = 10 * 60_000;

/** Exponential backoff with ±20% jitter, so jobs that failed together do not retry in lockstep.
 *  `attempt` is the attempt that just failed (1-based). */
export function retryDelayMs(
  attempt: number,
  baseMs = 2000,
  random: () => number = Math.random,
): number {
  const exact = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exact * (0.8 + 0.4 * random()));
}
