export type Timing = {
  name: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
  cpuP50: number;
};

/**
 * Runs `fn` `warmup` times untimed, then `n` times; wall-clock milliseconds (p50/p95/max) and the
 * median CPU milliseconds of this process per call. With PGlite the database runs in this process,
 * so CPU time is the server's whole work, and it stays meaningful when other processes load the
 * machine (wall time then includes waiting for a core). With PostgreSQL the database's own CPU is
 * in another process and not counted.
 */
export async function measure(
  name: string,
  fn: () => Promise<unknown>,
  { n = 30, warmup = 3 } = {},
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const wall: number[] = [],
    cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return summarize(name, wall, cpu);
}

/** Percentiles of wall and CPU milliseconds measured elsewhere. */
export function summarize(name: string, wall: number[], cpu: number[]): Timing {
  return {
    name,
    n: wall.length,
    p50: pct(wall, 0.5),
    p95: pct(wall, 0.95),
    max: pct(wall, 1),
    cpuP50: pct(cpu, 0.5),
  };
}

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]! * 10) / 10;
}

/** Wall and CPU milliseconds of one call. */
export async function once<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return {
    value,
    ms: Math.round(performance.now() - t0),
    cpuMs: Math.round((c.user + c.system) / 1000),
  };
}
