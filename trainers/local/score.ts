import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { repoRoot, runWorkerCommand } from "./process";

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
// ProcessEnv's NODE_ENV is a Next.js typing; Python does not read it.
const envIn = (dir: string) =>
  ({ ...MINIMAL_ENV, HOME: dir }) as Record<string, string> as NodeJS.ProcessEnv;
// What the worker itself may take beyond its scorers' own limits: starting Python, the files.
const SLACK_MS = 60_000;

/** Compiles and inspects each scorer (none of its code runs): syntax errors with their line, or
 *  no top-level score(prompt, output, reference). */
export async function checkScorers(scorers: { name: string; code: string }[]) {
  const spec = { scorers: scorers.map(({ name, code }) => ({ name, code })) };
  return withSpecDir(spec, async (dir, specPath) => {
    const stdout = await runWorkerCommand(["check-scorers", "--spec", specPath], {
      cwd: dir,
      env: envIn(dir),
      limitMs: SLACK_MS,
    });
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
    await runWorkerCommand(["score", "--spec", specPath, "--out", out], {
      cwd: dir,
      env: envIn(dir),
      limitMs,
    });
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
