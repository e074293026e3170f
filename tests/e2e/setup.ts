import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";

/** E2E harness: one production build (reused while no source file is newer than it), then a real
 *  `next start` per suite on a free loopback port with its own data folder, driven by Debian's
 *  Chromium through playwright-core. */

export const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCES = [
  "app",
  "server",
  "drizzle",
  "trainers",
  "evals",
  "instrumentation.ts",
  "next.config.ts",
  "package.json",
];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(p)) {
    if (name === "node_modules" || name === "__pycache__" || name.startsWith(".")) continue;
    max = Math.max(max, newestMtime(path.join(p, name)));
  }
  return max;
}

/** Builds unless .next/BUILD_ID is newer than every source file. */
export function ensureBuilt(): void {
  const buildId = path.join(ROOT, process.env.TUNEBENCH_NEXT_DIST_DIR || ".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
  if (built > newest && process.env.E2E_REBUILD !== "1") return;
  const t0 = Date.now();
  const res = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TUNEBENCH_SKIP_TYPECHECK: "1" },
    },
  );
  if (res.status !== 0)
    throw new Error(`next build failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
  console.log(`[e2e] next build took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export type TestServer = {
  url: string;
  /** The server's process (and process group) id. */
  pid: number;
  dataDir: string;
  logs: () => string;
  stop: () => Promise<void>;
};

/** A fresh data folder; a test may write into `${dir}/pglite` before handing it to startServer. */
export const newDataDir = () => mkdtempSync(path.join(tmpdir(), "tunebench-e2e-"));

export async function startServer(
  env: Record<string, string> = {},
  opts: { dataDir?: string } = {},
): Promise<TestServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = opts.dataDir ?? newDataDir();
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(ROOT, "node_modules/next/dist/bin/next"),
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(port),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        TUNEBENCH_DATA_DIR: path.join(dataDir, "pglite"),
        BETTER_AUTH_URL: url,
        BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456789",
        DATABASE_URL: "",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so stop() also ends the Python workers it started
    },
  );
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`next start exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/trpc/auth.status`);
      if (res.ok) return { url, pid: child.pid!, dataDir, logs: () => output, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`next start did not answer within 60 s:\n${output}`);
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath))
    throw new Error(
      `Chromium not found at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH.`,
    );
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

/** Where screenshots go (E2E_SCREENSHOTS=dir to keep them); null skips taking them. */
export const SCREENSHOT_DIR = process.env.E2E_SCREENSHOTS
  ? path.resolve(process.env.E2E_SCREENSHOTS)
  : null;

/** Saves a screenshot and the server's output when a test fails, so a CI failure can be read. */
export async function captureFailure(
  page: { screenshot: (o: { path: string; fullPage: boolean }) => Promise<unknown> } | undefined,
  server: TestServer | undefined,
  name: string,
) {
  const dir = SCREENSHOT_DIR ?? tmpdir();
  const file = path.join(dir, `FAILED-${name}.png`);
  await page?.screenshot({ path: file, fullPage: true }).catch(() => {});
  console.error(
    `[e2e] ${name} failed; screenshot: ${file}\n--- server output (last 4000 chars) ---\n${server?.logs().slice(-4000) ?? ""}`,
  );
}

/** A full-page screenshot, when E2E_SCREENSHOTS is set. Chromium takes it by resizing the
 *  viewport and back; a click in the frames right after can land on the old layout, so this
 *  waits for the page to settle before returning. */
export async function screenshot(
  page: import("playwright-core").Page,
  name: string,
): Promise<void> {
  if (!SCREENSHOT_DIR) return;
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  await page.waitForTimeout(200);
}
