// npm run demo (scripts/demo.sh installs and builds, then runs this): serves the dashboard at once,
// seeds the demo experiment through the server's REST API, and lets the server's own job loop
// train, evaluate and rank it, so the runs train live in the browser. The terminal follows them
// with `tunebench watch` over the same API, then prints the leaderboard; the server keeps serving
// until Ctrl-C. PORT (default 3000) and TUNEBENCH_DATA_DIR choose where it serves and stores.
import { ApiClient, ApiError } from "@/cli/api-client";
import { run as watch } from "@/cli/watch";
import { demoModel } from "./demo/model";
import { type Board, printLeaderboard } from "./demo/progress";
import { seedDemo } from "./demo/seed";
import { type DemoServer, startServer } from "./demo/server";

const log = (m: string) => console.log(`[demo] ${m}`);
// demo.sh passes its own start time, so the figure covers installing and building too.
const started = Number(process.env.TUNEBENCH_DEMO_STARTED_MS) || Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

// Stopped when the demo fails, so a failed demo leaves no server behind.
let server: DemoServer | null = null;

async function main() {
  const port = Number(process.env.PORT) || 3000;
  // The model is found (Python starts) while the server starts, not between two requests: a
  // connection idle that long is closed by the server under the client's feet.
  const serving = startServer(port).then((s) => {
    log(`the dashboard is up at ${s.url} (${seconds()} after the demo started)`);
    return s;
  });
  const [srv, model] = await Promise.all([serving, demoModel(log)]);
  server = srv;
  const exited = new Promise<number>((r) => srv.child.once("exit", (code) => r(code ?? 0)));
  const stop = (signal: NodeJS.Signals) => {
    srv.child.kill(signal); // the server stops its job loop gracefully
    void exited.then(() => {
      // Local trainings run in their own processes so that a server restart loses nothing.
      log("stopped the server; a training already under way finishes in the background, and");
      log("`npm run demo` again picks the demo up where it is");
      process.exit(130);
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  const client = new ApiClient({ url: srv.url });
  // Seeding twice is safe (the dataset is stored by content, the experiment found by name), so a
  // dropped connection gets one more try.
  const id = await seedDemo(client, model, log).catch((e) =>
    e instanceof ApiError ? Promise.reject(e) : seedDemo(client, model, log),
  );
  log(`watch the runs train: ${srv.url}/experiments/${id}`);
  log(`the server's log: ${srv.log}; Ctrl-C stops the server`);
  // Training two LoRA runs and evaluating three: ~8 minutes on two idle CPU cores (bench/README.md).
  const code = await watch([id, "--url", srv.url, "--interval", "3"]);
  if (code !== 2) {
    printLeaderboard(await settledLeaderboard(client, id));
    log(`trained, evaluated and ranked ${seconds()} after the demo started`);
  }
  log(`still serving ${srv.url}/experiments/${id} (Ctrl-C stops it)`);
  process.exitCode = await exited;
}

/** The leaderboard once its background refresh has caught up with the last evaluation (its paired
 *  tests and gates are computed by a job after each lands), or as it is after a minute. */
async function settledLeaderboard(client: ApiClient, id: string) {
  for (let i = 0; ; i++) {
    const board = await client.json<Board>("GET", `/experiments/${id}/leaderboard`);
    if (!board.updating || i >= 30) return board;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

main().catch((e) => {
  console.error(`[demo] failed: ${e instanceof Error ? e.message : e}`);
  server?.child.kill("SIGTERM");
  process.exit(1);
});
