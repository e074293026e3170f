// Browser benchmark: how fast the experiment page becomes usable on a 10,000-run experiment.
//   npx tsx bench/scale/browser-interactive.ts [--data-dir DIR] [--runs 10000] [--repeat 5] [--out FILE]
//   BENCH_DATABASE_URL=postgres://… npx tsx bench/scale/browser-interactive.ts   (a seeded PostgreSQL database)
// With --data-dir (a folder with pglite/ inside, e.g. S's bench/scale seed) the experiment with the
// most runs there is opened; without it, a smaller set is seeded here (see seedFallback).
// Each visit is a fresh browser context (cold HTTP cache): "first rows" is when the first run row
// is in the DOM, "hydrated" when the table accepts clicks, and "interactive" when, having clicked
// a metric header at that moment, the re-sorted rows are on screen. Target: interactive ≤ 1.5 s.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDb } from "@/server/db";
import { ensureBuilt, launchBrowser, newDataDir, startServer } from "@/tests/e2e/setup";
import { seedFallback } from "./browser-seed";

const { values: args } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    runs: { type: "string", default: "10000" },
    repeat: { type: "string", default: "5" },
    "series-runs": { type: "string", default: "10" },
    points: { type: "string", default: "100000" },
    out: { type: "string", default: "bench/scale/out/browser-interactive.json" },
  },
});

// PostgreSQL instead of a PGlite folder: BENCH_DATABASE_URL (seeded by bench/scale/run.ts seed).
const databaseUrl = process.env.BENCH_DATABASE_URL;

async function pickExperiment(pgliteDir: string): Promise<{ experimentId: string; runs: number }> {
  const { db, close } = await openDb(databaseUrl ? { url: databaseUrl } : { dataDir: pgliteDir });
  try {
    const { rows } = await db.execute<{ experiment_id: string; n: number | string }>(
      sql`SELECT experiment_id, count(*) AS n FROM runs GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    );
    if (!rows[0]) throw new Error(`No runs in ${pgliteDir}`);
    return { experimentId: rows[0].experiment_id, runs: Number(rows[0].n) };
  } finally {
    await close();
  }
}

// Runs in the page before its own scripts. A string, not a function: tsx compiles functions with
// name helpers (__name) that do not exist in the page. Records when the first run row exists,
// clicks the first metric header once the table is hydrated (data-ready; an earlier click would
// be lost), and when the header shows the sort and the server's sorted rows replaced the old ones.
const PROBE = `
  window.__bench = {};
  const b = window.__bench;
  let clicked = false;
  const table = () => document.querySelector('[data-testid="runs-table"]');
  // Looked up afresh each time: React may replace the element between the click and the answer.
  const header = () => [...(table()?.querySelectorAll("th") || [])].find((el) => /^(chrf|accuracy|train\\/loss)/.test(el.textContent || ""));
  new MutationObserver(() => {
    if (!b.firstRows && document.querySelector('[data-testid="run-row"]')) b.firstRows = performance.now();
    if (b.firstRows && !b.ready && document.querySelector('[data-testid="runs-table"][data-ready]')) b.ready = performance.now();
    if (b.ready && !clicked && header()) {
      clicked = true;
      b.clicked = performance.now();
      header().querySelector("button").click();
    } else if (clicked && !b.sorted && header() && header().getAttribute("aria-sort") !== "none" && table().getAttribute("data-loading") === "false") {
      b.sorted = performance.now();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-loading", "data-run-id", "data-ready", "aria-sort"] });
`;

// Clicks the same header again and resolves with the milliseconds until the new sort is shown.
// A string for the same reason as PROBE.
const SETTLED_SORT = `new Promise((resolve) => {
  const table = () => document.querySelector('[data-testid="runs-table"]');
  const header = () => [...table().querySelectorAll("th")].find((el) => /^(chrf|accuracy|train\\/loss)/.test(el.textContent || ""));
  const before = header().getAttribute("aria-sort");
  const t0 = performance.now();
  const obs = new MutationObserver(() => {
    if (header().getAttribute("aria-sort") !== before && table().getAttribute("data-loading") === "false") { obs.disconnect(); resolve(performance.now() - t0); }
  });
  obs.observe(document, { subtree: true, attributes: true, childList: true });
  header().querySelector("button").click();
})`;

/** CPU milliseconds used so far by the processes of a process group (the server and its children):
 *  what a visit cost the server, apart from waiting for a core on a loaded machine. */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      // Fields after the parenthesised command: state ppid pgrp … utime(14) stime(15).
      const rest = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      if (Number(rest[2]) === pgid) ticks += Number(rest[11]) + Number(rest[12]);
    } catch {}
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

async function main() {
  const t0 = Date.now();
  const dataDir = args["data-dir"] ? path.resolve(args["data-dir"]) : newDataDir();
  const pglite = path.join(dataDir, "pglite");
  let seeded = "given";
  if (!args["data-dir"] && !databaseUrl) {
    const s = await seedFallback(pglite, {
      runs: Number(args.runs),
      seriesRuns: Number(args["series-runs"]),
      points: Number(args.points),
    });
    seeded = `fallback: ${s.runs} runs, ${s.seriesRuns} runs × ${s.points} points, seeded in ${s.seconds.toFixed(1)} s`;
  }
  const { experimentId, runs } = await pickExperiment(pglite);
  console.log(
    `[bench] ${runs} runs in experiment ${experimentId} (${seeded}); ${databaseUrl ? "PostgreSQL" : `data folder ${dataDir}`}`,
  );
  ensureBuilt();
  const server = await startServer(
    { TUNEBENCH_AUTH: "local", ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    { dataDir },
  );
  const browser = await launchBrowser();
  const visits: {
    firstRowsMs: number;
    hydratedMs: number;
    interactiveMs: number;
    sortMs: number;
    settledSortMs: number;
    serverCpuMs: number;
    browserMainThreadMs: number;
  }[] = [];
  try {
    const url = `${server.url}/experiments/${experimentId}`;
    for (let i = 0; i <= Number(args.repeat); i++) {
      const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(PROBE);
      // Server time of each tRPC call (batched calls share one request), to split the total into
      // what the server and what the browser spent.
      const calls: string[] = [];
      page.on("requestfinished", (req) => {
        const u = new URL(req.url());
        if (!u.pathname.startsWith("/api/trpc/")) return;
        const t = req.timing();
        calls.push(
          `${decodeURIComponent(u.pathname.slice(10))} ${Math.round(t.responseEnd - t.requestStart)}ms@${Math.round(t.startTime - (b0 ?? t.startTime))}`,
        );
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send("Performance.enable");
      let b0: number | undefined;
      b0 = Date.now();
      const cpu0 = groupCpuMs(server.pid);
      await page.goto(url, { waitUntil: "commit" });
      try {
        await page.waitForFunction(
          () => (window as unknown as { __bench: { sorted?: number } }).__bench.sorted,
          null,
          { timeout: 60_000 },
        );
      } catch (e) {
        const state = await page.evaluate(() => ({
          bench: (window as unknown as { __bench: unknown }).__bench,
          table: document.querySelector('[data-testid="runs-table"]')?.outerHTML.slice(0, 2000),
        }));
        console.error(
          `[bench] visit ${i} did not finish: ${JSON.stringify(state)}\n--- server ---\n${server.logs().slice(-3000)}`,
        );
        throw e;
      }
      const serverCpuMs = groupCpuMs(server.pid) - cpu0;
      const { metrics } = await cdp.send("Performance.getMetrics");
      const browserMainThreadMs = Math.round(
        1000 * (metrics.find((m) => m.name === "TaskDuration")?.value ?? 0),
      );
      const b = await page.evaluate(
        () =>
          (
            window as unknown as {
              __bench: { firstRows: number; ready: number; clicked: number; sorted: number };
            }
          ).__bench,
      );
      if (process.env.BENCH_VERBOSE) {
        const nav = await page.evaluate(() => {
          const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          return `ttfb ${Math.round(n.responseStart)} html-end ${Math.round(n.responseEnd)} dcl ${Math.round(n.domContentLoadedEventEnd)}`;
        });
        console.log(`[bench]   ${nav}; calls: ${calls.join(" | ")}`);
      }
      // Let the page's remaining requests (leaderboard, curves) finish before the next visit: PGlite
      // serves one query at a time, and leftovers would be charged to the next visit's first byte.
      await page.waitForLoadState("networkidle").catch(() => {});
      // The same header again once the page has settled: the table's own sort time, with nothing
      // else queued in front of it on the database.
      const settledSortMs = (await page.evaluate(SETTLED_SORT)) as number;
      await context.close();
      if (i === 0) {
        console.log(
          `[bench] warm-up visit: first rows ${b.firstRows.toFixed(0)} ms, interactive ${b.sorted.toFixed(0)} ms`,
        );
        continue;
      }
      visits.push({
        firstRowsMs: b.firstRows,
        hydratedMs: b.ready,
        interactiveMs: b.sorted,
        sortMs: b.sorted - b.clicked,
        settledSortMs,
        serverCpuMs,
        browserMainThreadMs,
      });
      console.log(
        `[bench] visit ${i}: first rows ${b.firstRows.toFixed(0)} ms, hydrated ${b.ready.toFixed(0)} ms, sort ${(b.sorted - b.clicked).toFixed(0)} ms, interactive ${b.sorted.toFixed(0)} ms, sort once settled ${settledSortMs.toFixed(0)} ms; CPU until interactive: server ${serverCpuMs} ms, browser main thread ${browserMainThreadMs} ms`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const pick = (k: keyof (typeof visits)[number]) => ({
    median: Math.round(
      quantile(
        visits.map((v) => v[k]),
        0.5,
      ),
    ),
    max: Math.round(Math.max(...visits.map((v) => v[k]))),
  });
  const result = {
    when: new Date().toISOString(),
    db: databaseUrl ? "postgres" : "pglite",
    loadAverage: loadavg().map((x) => Math.round(x * 10) / 10),
    runs,
    seeded,
    visits: visits.length,
    firstRowsMs: pick("firstRowsMs"),
    hydratedMs: pick("hydratedMs"),
    sortMs: pick("sortMs"),
    interactiveMs: pick("interactiveMs"),
    settledSortMs: pick("settledSortMs"),
    serverCpuMs: pick("serverCpuMs"),
    browserMainThreadMs: pick("browserMainThreadMs"),
    targetMs: 1500,
    wallSeconds: Math.round((Date.now() - t0) / 1000),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(path.dirname(path.resolve(args.out!)), { recursive: true });
  writeFileSync(path.resolve(args.out!), `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
