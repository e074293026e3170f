import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { pythonPath, repoRoot } from "./process";

// `python -m worker check-scorers` and `python -m worker score` (worker/score.py): custom scorers
// compiled, and run on an evaluation's samples, each in a child process of the worker's.

export type ScorerCode = {
  name: string;
  code: string;
  sampleTimeoutS: number;
  totalTimeoutS: number;
};
export type ScorerIssue = { scorer: number; line: number | null; message: string };
export type ScorerResult = { score: number } | { error: string };

const CheckLine = z.object({
  type: z.literal("scorer-check"),
  issues: z.array(
    z.object({ scorer: z.number(), line: z.number().nullable(), message: z.string() }),
  ),
});
const ScoreFile = z.object({
  scorers: z.record(
    z.string(),
    z.array(z.union([z.object({ score: z.number() }), z.object({ error: z.string() })])),
  ),
});

/** The worker's environment: none of this process's (the server's secrets live there). */
const MINIMAL_ENV = {
  PATH: "/usr/local/bin:/usr/bin:/bin",
  LANG: "C.UTF-8",
  PYTHONPATH: path.join(repoRoot, "trainers/local"),
  PYTHONUNBUFFERED: "1",
};
// What the worker itself may take beyond its scorers' own limits: starting Python, the files.
const SLACK_MS = 60_000;

/** Compiles and inspects each scorer (none of its code runs): syntax errors with their line, or
 *  no top-level score(prompt, output, reference). */
export async function checkScorers(scorers: { name: string; code: string }[]) {
  const spec = { scorers: scorers.map(({ name, code }) => ({ name, code })) };
  return withSpecDir(spec, async (dir, specPath) => {
    const stdout = await runWorker(["check-scorers", "--spec", specPath], dir, SLACK_MS);
    const line = stdout.trim().split("\n").at(-1) ?? "";
    return CheckLine.parse(JSON.parse(line)).issues satisfies ScorerIssue[];
  });
}

/** Each scorer's result on every sample, in sample order: a score, or that sample's error. */
export async function runScorers(
  scorers: ScorerCode[],
  samples: { prompt: string; output: string; reference: string }[],
): Promise<Record<string, ScorerResult[]>> {
  const spec = {
    scorers: scorers.map((s) => ({
      name: s.name,
      code: s.code,
      sample_timeout_s: s.sampleTimeoutS,
      total_timeout_s: s.totalTimeoutS,
    })),
    samples,
  };
  const limitMs = scorers.reduce((ms, s) => ms + s.totalTimeoutS * 1000, SLACK_MS);
  return withSpecDir(spec, async (dir, specPath) => {
    const out = path.join(dir, "scores.json");
    await runWorker(["score", "--spec", specPath, "--out", out], dir, limitMs);
    return ScoreFile.parse(JSON.parse(await readFile(out, "utf8"))).scorers;
  });
}

async function withSpecDir<T>(spec: unknown, fn: (dir: string, spec: string) => Promise<T>) {
  const dir = await mkdtemp(path.join(tmpdir(), "tunebench-score-"));
  try {
    const file = path.join(dir, "spec.json");
    await writeFile(file, JSON.stringify(spec));
    return await fn(dir, file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runWorker(args: string[], cwd: string, limitMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(pythonPath(), ["-m", "worker", ...args], {
      cwd,
      // ProcessEnv's NODE_ENV is a Next.js typing; Python does not read it.
      env: { ...MINIMAL_ENV, HOME: cwd } as Record<string, string> as NodeJS.ProcessEnv,
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
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
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
