import { mkdirSync } from "node:fs";
import path from "node:path";
import { evaluationSamples, evaluations, experiments, runs } from "@/drizzle/schema";
import { openDb } from "@/server/db";
import { uploadDataset } from "@/server/services/datasets/upload-dataset";
import { ensureDefaultProject } from "@/server/services/projects";
import { ROW_STUBS } from "@/tests/helpers/rows";

/**
 * An evaluated experiment written straight into a server's data folder before the server starts
 * (PGlite allows one process per folder): three runs with per-sample outputs, no training. The
 * names are distinctive strings so a leak test can look for them in every byte the browser gets.
 */

export const SECRET_BASE_MODEL = "acme-labs/zephyrine-base-7b";
export const RUN_NAMES = ["lr-qbx7-alpha", "lr-wmk3-bravo", "lr-zpf9-charlie"] as const;
export const EXPERIMENT_NAME = "Date rewriting review";

const SAMPLES = 12;
const prompt = (i: number) => `Rewrite 20${String(i).padStart(2, "0")}-01-02 as DD/MM/YYYY.`;
const reference = (i: number) => `02/01/20${String(i).padStart(2, "0")}`;

/** Outputs differ per run in a way a reviewer can tell apart, and carry markdown (a code block,
 *  raw HTML that must stay text) so the renderer is exercised, but never a run's name. */
function output(run: number, i: number): string {
  const answer = `${String(1 + (i % 28)).padStart(2, "0")}/${String(1 + (i % 12)).padStart(2, "0")}/${2000 + i}`;
  if (run === 0) return `The date is **${answer}**.`;
  if (run === 1)
    return `Answer:\n\n\`\`\`\n${answer}\n\`\`\`\n\n<b onclick="alert(1)">not bold</b>`;
  return i % 2 ? `Maybe ${answer}?` : "I am not sure.";
}

export type SeededReview = { experimentId: string; runIds: string[]; projectId: string };

export async function seedReviewExperiment(pgliteDir: string): Promise<SeededReview> {
  mkdirSync(path.dirname(pgliteDir), { recursive: true });
  const { db, close } = await openDb({ dataDir: pgliteDir });
  try {
    const project = await ensureDefaultProject(db);
    const ctx = { db, projectId: project.id, user: null };
    const jsonl = (n: number, from: number) =>
      `${Array.from({ length: n }, (_, k) =>
        JSON.stringify({
          messages: [
            { role: "user", content: prompt(from + k) },
            { role: "assistant", content: reference(from + k) },
          ],
        }),
      ).join("\n")}\n`;
    const ds = await uploadDataset({
      ctx,
      input: { name: "dates", trainJsonl: jsonl(20, SAMPLES), evalJsonl: jsonl(SAMPLES, 0) },
    });
    const [experiment] = await db
      .insert(experiments)
      .values({
        projectId: project.id,
        name: EXPERIMENT_NAME,
        baseModel: SECRET_BASE_MODEL,
        datasetVersionId: ds.versionId,
        backend: "local",
        evalSuite: {
          metrics: ["accuracy"],
          primaryMetric: "accuracy",
          split: "eval",
          generation: { maxNewTokens: 64, temperature: 0, topP: 1, stop: [] },
          accuracyMode: "squad",
        },
        grid: { learningRate: [1e-4, 2e-4, 3e-4], loraRank: [8], epochs: [1] },
        training: ROW_STUBS.training,
      })
      .returning();
    const runIds: string[] = [];
    for (const [r, name] of RUN_NAMES.entries()) {
      const hyperparams = { learningRate: [1e-4, 2e-4, 3e-4][r]!, loraRank: 8, epochs: 1 };
      const [run] = await db
        .insert(runs)
        .values({
          projectId: project.id,
          experimentId: experiment!.id,
          index: r + 1,
          name,
          status: "evaluated",
          hyperparams,
          spec: { baseModel: SECRET_BASE_MODEL },
          finishedAt: new Date(),
        })
        .returning();
      runIds.push(run!.id);
      const scores: number[] = Array.from({ length: SAMPLES }, (_, i) =>
        r === 0 ? 100 : r === 1 ? (i % 3 ? 100 : 0) : 0,
      );
      const mean = scores.reduce((a, b) => a + b, 0) / SAMPLES;
      const [evaluation] = await db
        .insert(evaluations)
        .values({
          projectId: project.id,
          experimentId: experiment!.id,
          runId: run!.id,
          status: "completed",
          split: "eval",
          sampleCount: SAMPLES,
          scores: {
            accuracy: {
              score: mean,
              ci: [Math.max(0, mean - 10), Math.min(100, mean + 10)],
              signature: "accuracy",
            },
          },
          finishedAt: new Date(),
        })
        .returning();
      await db.insert(evaluationSamples).values(
        Array.from({ length: SAMPLES }, (_, i) => ({
          evaluationId: evaluation!.id,
          idx: i,
          prompt: prompt(i),
          reference: reference(i),
          output: output(r, i),
          scores: { accuracy: scores[i]! },
          primaryScore: scores[i]!,
        })),
      );
    }
    return { experimentId: experiment!.id, runIds, projectId: project.id };
  } finally {
    await close();
  }
}

type Page = import("playwright-core").Page;
type BrowserContext = import("playwright-core").BrowserContext;

/** The first account signs itself up, with the setup token the server printed in its log, and
 *  becomes the default project's admin. */
export async function signUpAdmin(
  page: Page,
  server: { url: string; logs: () => string },
  who = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" },
) {
  const { url } = server;
  const token = /setup-[\w-]{24}/.exec(server.logs())?.[0];
  if (!token) throw new Error(`no setup token in the server's log:\n${server.logs()}`);
  await page.goto(`${url}/sign-in`);
  await page.locator("[data-ready]").waitFor();
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByLabel("Setup token").fill(token);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`${url}/`);
}

export async function signIn(
  context: BrowserContext,
  url: string,
  email: string,
  password: string,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/sign-in`);
  await page.locator("[data-ready]").waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(new RegExp(`^${url}/(review)?$`)); // reviewers land on their queue
  return page;
}

/** A tRPC mutation through the page's session (superjson wire format). */
export async function mutate<T>(page: Page, url: string, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`${url}/api/trpc/${path}`, {
    headers: { "content-type": "application/json" },
    data: { json: input },
  });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!res.ok() || !body.result)
    throw new Error(`${path} failed (${res.status()}): ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}

/** How good an output is, read off its text the way a person would (the seeded runs write in
 *  recognisably different styles): the reviewer's preference in the journey tests. */
export function quality(text: string): number {
  if (text.includes("The date is")) return 3;
  if (text.includes("Answer:")) return 2;
  return 1;
}

/** The work page's item counter; it changes whenever a new item (or the end) is shown. */
export async function workSeq(page: Page): Promise<string> {
  return (await page.getByTestId("review-work").getAttribute("data-seq")) ?? "";
}

/** Presses a key and waits until the page has shown what the server answered. */
export async function pressAndWait(page: Page, key: string): Promise<void> {
  const before = await workSeq(page);
  await page.keyboard.press(key);
  await page.waitForFunction((s) => {
    const el = document.querySelector('[data-testid="review-work"]');
    return (
      !!el &&
      ((el.getAttribute("data-seq") !== s && el.getAttribute("data-state") !== "loading") ||
        el.getAttribute("data-state") === "error")
    );
  }, before);
  if ((await page.getByTestId("review-work").getAttribute("data-state")) === "error") {
    throw new Error(
      `The work page shows an error after ${key}: ${await page.getByTestId("review-work").innerText()}`,
    );
  }
}
