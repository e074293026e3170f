import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import path from "node:path";

export type DemoServer = { url: string; child: ChildProcess; log: string };

/**
 * `next start` on loopback, its output in data/demo-server.log (the terminal shows the demo's own
 * progress instead). Resolves once the server answers; the server's embedded job loop then trains
 * and evaluates whatever is queued, as it would for anything created in the dashboard.
 */
export async function startServer(port: number): Promise<DemoServer> {
  const url = `http://127.0.0.1:${port}`;
  mkdirSync("data", { recursive: true });
  const log = path.resolve("data/demo-server.log");
  const out = openSync(log, "a");
  const child = spawn(
    process.execPath,
    [
      path.resolve("node_modules/next/dist/bin/next"),
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(port),
    ],
    { stdio: ["ignore", out, out], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
  );
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the server exited with ${child.exitCode}; its output is in ${log}`);
    try {
      if ((await fetch(`${url}/api/trpc/auth.status`)).ok) return { url, child, log };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
