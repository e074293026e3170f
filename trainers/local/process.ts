import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import path from "node:path";

/** The repo root: the worker runs with PYTHONPATH=trainers/local from here. */
export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export function pythonPath(): string {
  return process.env.TUNEBENCH_PYTHON || path.join(repoRoot, ".venv/bin/python");
}

/**
 * Starts `python -m worker ARGS` detached, in its own process group, with stdout and stderr going
 * straight to files. Nothing flows through this process, so the worker keeps training (and its
 * events keep landing in the file) if the server is killed; a restarted server reattaches.
 */
export function spawnWorker(args: string[], files: { stdout: string; stderr: string }): number {
  const out = openSync(files.stdout, "a");
  const err = openSync(files.stderr, "a");
  try {
    const child = spawn(pythonPath(), ["-m", "worker", ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PYTHONPATH: path.join(repoRoot, "trainers/local"),
        PYTHONUNBUFFERED: "1",
      },
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
