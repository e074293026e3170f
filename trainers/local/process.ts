import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseWorkerLine } from "./events";

/** The repo root: the worker runs with PYTHONPATH=trainers/local from here. */
export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export function pythonPath(): string {
  return process.env.TUNEBENCH_PYTHON || path.join(repoRoot, ".venv/bin/python");
}

/** The worker's environment: this process's, with the worker package importable. */
export function workerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PYTHONPATH: path.join(repoRoot, "trainers/local"),
    PYTHONUNBUFFERED: "1",
    ...extra,
  };
}

/**
 * CUDA_VISIBLE_DEVICES for GPU indices as the worker's `devices` command numbered them. Those
 * are positions among the GPUs this process may see: when the server itself was started with
 * CUDA_VISIBLE_DEVICES, index i is the i-th entry of that list, not physical GPU i.
 */
export function visibleDevices(gpus: number[], inherited = process.env.CUDA_VISIBLE_DEVICES) {
  const parent = inherited?.trim() ? inherited.split(",").map((d) => d.trim()) : null;
  return gpus
    .map((i) => {
      if (!parent) return String(i);
      const id = parent[i];
      if (id === undefined)
        throw new Error(`GPU ${i} is not among CUDA_VISIBLE_DEVICES=${inherited} of the server`);
      return id;
    })
    .join(",");
}

/**
 * The command line of `python -m worker ARGS` on these GPUs: one process for none or one GPU,
 * `torchrun --standalone --nproc-per-node N -m worker ARGS` (through `python -m
 * torch.distributed.run`, the same program as .venv/bin/torchrun) for more.
 */
export function workerCommand(args: string[], gpus: number[] | null): string[] {
  if (!gpus || gpus.length < 2) return ["-m", "worker", ...args];
  return [
    "-m",
    "torch.distributed.run",
    "--standalone",
    "--nproc-per-node",
    String(gpus.length),
    "-m",
    "worker",
    ...args,
  ];
}

/**
 * Starts `python -m worker ARGS` detached, in its own process group, with stdout and stderr going
 * straight to files. Nothing flows through this process, so the worker keeps training (and its
 * events keep landing in the file) if the server is killed; a restarted server reattaches. With
 * `gpus`, the worker sees only those GPUs, and several start it under torchrun (one rank each).
 */
export function spawnWorker(
  args: string[],
  files: { stdout: string; stderr: string },
  gpus: number[] | null = null,
): number {
  const out = openSync(files.stdout, "a");
  const err = openSync(files.stderr, "a");
  try {
    const env = gpus ? workerEnv({ CUDA_VISIBLE_DEVICES: visibleDevices(gpus) }) : workerEnv();
    const child = spawn(pythonPath(), workerCommand(args, gpus), {
      cwd: repoRoot,
      env,
      stdio: ["ignore", out, err],
      detached: true,
    });
    if (child.pid === undefined)
      throw new Error(`could not start the Python worker (${pythonPath()}); run scripts/setup.sh`);
    child.on("error", () => {}); // reported through the missing terminal event and stderr
    child.unref();
    return child.pid;
  } finally {
    closeSync(out);
    closeSync(err);
  }
}

/**
 * Runs `python -m worker COMMAND --spec COMMAND.json --out OUT` to completion in `workDir`, which
 * holds its events, log and pid as COMMAND-events.jsonl, COMMAND.log and COMMAND.pid, and returns
 * the output file's path and non-empty lines. A run of it left by a killed server is stopped
 * before the input and the spec (`spec(inputPath)`) are written: its output would race ours.
 * Throws the worker's own failure, or the log's last lines when it stopped without finishing;
 * `what` names the job in those messages.
 */
export async function runWorkerJob(job: {
  command: string;
  what: string;
  workDir: string;
  input: { name: string; lines: string };
  spec: (inputPath: string) => unknown;
  out: string;
}): Promise<{ file: string; lines: string[] }> {
  const dir = path.resolve(job.workDir);
  const f = {
    input: path.join(dir, job.input.name),
    spec: path.join(dir, `${job.command}.json`),
    out: path.join(dir, job.out),
    events: path.join(dir, `${job.command}-events.jsonl`),
    stderr: path.join(dir, `${job.command}.log`),
    pid: path.join(dir, `${job.command}.pid`),
  };
  await mkdir(dir, { recursive: true });
  if (existsSync(f.pid)) signalWorker(Number(await readFile(f.pid, "utf8")), "SIGKILL");
  await Promise.all([rm(f.out, { force: true }), rm(f.events, { force: true })]);
  await writeFile(f.input, job.input.lines);
  await writeFile(f.spec, JSON.stringify(job.spec(f.input)));
  const pid = spawnWorker([job.command, "--spec", f.spec, "--out", f.out], {
    stdout: f.events,
    stderr: f.stderr,
  });
  await writeFile(f.pid, String(pid));
  while (isWorkerAlive(pid)) await new Promise((r) => setTimeout(r, 300));
  await rm(f.pid, { force: true });

  const events = (await readFile(f.events, "utf8").catch(() => "")).split("\n").filter(Boolean);
  const parsed = events.map((l, i) => parseWorkerLine(l, `${f.events}:${i + 1}`));
  const failed = parsed.find((e) => e?.type === "failed");
  if (failed?.type === "failed") throw new Error(`${job.what} failed: ${failed.error}`);
  if (!parsed.some((e) => e?.type === "completed")) {
    throw new Error(
      `${job.what} stopped without finishing; last log lines:\n${await lastLogLines(f.stderr)}`,
    );
  }
  return { file: f.out, lines: (await readFile(f.out, "utf8")).split("\n").filter(Boolean) };
}

/**
 * Runs `python -m worker ARGS…` to completion within `limitMs` (then SIGKILL) and returns its
 * stdout. A failure names the command and the last line of its stderr: the exception (or
 * argparse's complaint), without the traceback.
 */
export function runWorkerCommand(
  args: string[],
  o: { cwd: string; env: NodeJS.ProcessEnv; limitMs: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(pythonPath(), ["-m", "worker", ...args], {
      cwd: o.cwd,
      env: o.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += String(d);
    });
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), o.limitMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${pythonPath()} -m worker ${args[0]}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(stdout);
      const tail = stderr.trim().split("\n").at(-1) ?? "";
      reject(
        new Error(
          `python -m worker ${args[0]} ${signal ? `was killed (${signal})` : `exited with code ${code}`}${tail ? `: ${tail}` : ""}`,
        ),
      );
    });
  });
}

/** The last lines of a worker's log (its stderr), for the error of a worker that died mid-way. */
export async function lastLogLines(file: string, n = 5): Promise<string> {
  const log = await readFile(file, "utf8").catch(() => "");
  return log.trim().split("\n").slice(-n).join("\n");
}

/** True when `pid` is a live worker process (not a recycled pid running something else). */
export function isWorkerAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // A zombie has exited; only its parent has not reaped it yet.
    if (/\) Z /.test(stat)) return false;
    // A just-spawned worker shows this process's command line between fork and exec, and an empty
    // one while exec swaps its memory; calling it dead there would start a second worker on the
    // same run folder.
    return (
      cmdline.includes("worker") ||
      cmdline === "" ||
      cmdline === readFileSync("/proc/self/cmdline", "utf8")
    );
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

export function signalWorker(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid || !isWorkerAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    // exited in between
  }
}

/**
 * Kills what is left of a worker whose leader (the pid we started) is gone: torchrun's ranks stay
 * in its process group when torchrun itself dies (kill -9, OOM killer), still holding their GPUs.
 * Only members whose command line names `marker` (the run folder) are signalled, so a recycled
 * group id is left alone.
 */
export function killWorkerGroup(pgid: number | undefined, marker: string): void {
  if (!pgid) return;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return; // no /proc (macOS): nothing to find orphans with
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name: state, ppid, pgrp, ...
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp !== pgid) continue;
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker)) continue;
      process.kill(pid, "SIGKILL");
    } catch {
      // exited in between, or not ours to read
    }
  }
}
