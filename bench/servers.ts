import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** A server process a benchmark started and must stop: its URL and its process tree's memory. */
export type Server = {
  url: string;
  /** Resident memory of the process and all its descendants (workers), MiB. */
  rssMiB(): number;
  /** CPU seconds (user + system) the process and its live descendants have used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
  logs(): string;
};

const ROOT = path.resolve(import.meta.dirname, "..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** `pid` and every live process below it (from /proc). */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

const read = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return ""; // the process ended meanwhile
  }
};

/** Sum of VmRSS over `pid` and every process below it. */
export function treeRssMiB(pid: number): number {
  let kib = 0;
  for (const p of processTree(pid))
    kib += Number(read(`/proc/${p}/status`).match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0);
  return kib / 1024;
}

/** CPU seconds (utime + stime, at the kernel's 100 ticks per second) of `pid` and its descendants. */
export function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    const stat = read(`/proc/${p}/stat`);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

/**
 * Starts `command` in its own process group and waits (bounded) until `ready` answers 2xx.
 * stop() ends the whole group: SIGTERM, then SIGKILL after 5 s.
 */
export async function startServer(o: {
  command: string;
  args: string[];
  env: Record<string, string>;
  url: string;
  ready: string;
  timeoutMs?: number;
}): Promise<Server> {
  let output = "";
  const child: ChildProcess = spawn(o.command, o.args, {
    cwd: ROOT,
    env: { ...process.env, ...o.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.on("data", (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on("data", (d) => (output = (output + d).slice(-20_000)));
  // The whole tree: MLflow's job runner starts consumers that leave the process group.
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const tree = processTree(child.pid!);
    const exited = new Promise((r) => child.once("exit", r));
    const kill = (sig: NodeJS.Signals) => {
      for (const target of [-child.pid!, ...tree])
        try {
          process.kill(target, sig);
        } catch {
          // already gone
        }
    };
    kill("SIGTERM");
    const timer = setTimeout(() => kill("SIGKILL"), 5000);
    await exited;
    await new Promise((r) => setTimeout(r, 5500));
    clearTimeout(timer);
    kill("SIGKILL");
  };
  const deadline = Date.now() + (o.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${o.command} exited (${child.exitCode}):\n${output}`);
    try {
      // Bounded: a listening socket with no worker behind it accepts and never answers.
      if ((await fetch(o.url + o.ready, { signal: AbortSignal.timeout(5000) })).ok)
        return {
          url: o.url,
          rssMiB: () => treeRssMiB(child.pid!),
          cpuSeconds: () => treeCpuSeconds(child.pid!),
          stop,
          logs: () => output,
        };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`${o.command} did not answer within ${o.timeoutMs ?? 120_000} ms:\n${output}`);
}

/** `next start` of this checkout's build (TUNEBENCH_NEXT_DIST_DIR, default .next) on PGlite in
 *  `pgliteDir`, or on PostgreSQL when `databaseUrl` is given; local single-user mode. */
export async function startTunebench(o: { pgliteDir?: string; databaseUrl?: string }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return startServer({
    command: process.execPath,
    args: [
      path.join(ROOT, "node_modules/next/dist/bin/next"),
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(port),
    ],
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      TUNEBENCH_AUTH: "local",
      BETTER_AUTH_URL: url,
      BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123456789",
      DATABASE_URL: o.databaseUrl ?? "",
      ...(o.pgliteDir ? { TUNEBENCH_DATA_DIR: o.pgliteDir } : {}),
    },
    url,
    ready: "/api/trpc/auth.status",
  });
}
