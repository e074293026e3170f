export type Timing = { name: string; n: number; p50: number; p95: number; max: number };

/** Runs `fn` `warmup` times untimed, then `n` times, and reports server time in milliseconds. */
export async function measure(
  name: string,
  fn: () => Promise<unknown>,
  { n = 30, warmup = 3 } = {},
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return {
    name,
    n,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(times[times.length - 1]!),
  };
}

const round = (x: number) => Math.round(x * 10) / 10;
