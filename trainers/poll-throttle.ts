/**
 * The server's job loop polls a remote job about once a second, but the vendors' APIs are rate
 * limited (CloudWatch Logs allows 5 requests/s per account; OpenAI limits per organisation), so a
 * backend looks at each job at most once per `minIntervalMs`, however often it is polled.
 */
export function createPollThrottle(minIntervalMs: number) {
  const lastLook = new Map<string, number>();
  /** Waits for `jobKey`'s next turn; false when that turn comes after `deadline` (epoch ms). */
  return async function waitForTurn(jobKey: string, deadline: number): Promise<boolean> {
    const early = (lastLook.get(jobKey) ?? 0) + minIntervalMs - Date.now();
    if (early > 0) {
      if (Date.now() + early > deadline) return false;
      await new Promise((r) => setTimeout(r, early));
    }
    lastLook.set(jobKey, Date.now());
    return true;
  };
}
