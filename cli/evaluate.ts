import { CliError } from "./api-client";
import { CONNECTION_HELP, clientFrom, guard, parse, sleep } from "./common";
import { seconds } from "./watch";

const USAGE = `usage: tunebench evaluate <runId> [--wait] [--timeout SECONDS]

Requests the run's evaluation. A run is evaluated once whoever asks: asking again reports the
existing evaluation job; a run whose evaluation failed is evaluated afresh. With --wait, waits for
the evaluation and prints its scores.
Exit: 0 requested (or evaluated, with --wait), 1 the evaluation failed, 2 usage/connection/API error.
${CONNECTION_HELP}`;

type Requested = {
  runId: string;
  jobId: string;
  created: boolean;
  status: string;
  evaluated: boolean;
};
type Run = {
  id: string;
  name: string;
  status: string;
  error: string | null;
  evaluation: { scores: Record<string, { score: number; ci: [number, number] | null }> } | null;
};

export async function run(argv: string[]): Promise<number> {
  return guard(async () => {
    const { values, positionals } = parse(
      argv,
      { wait: { type: "boolean" }, timeout: { type: "string" } },
      USAGE,
    );
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new CliError(`give one run id\n\n${USAGE}`);
    const client = clientFrom(values);
    const runId = encodeURIComponent(positionals[0]!);
    const r = await client.json<Requested>("POST", `/runs/${runId}/evaluate`);
    process.stdout.write(
      r.evaluated
        ? `run ${r.runId} is already evaluated\n`
        : r.created
          ? `evaluation of run ${r.runId} requested (job ${r.jobId})\n`
          : `evaluation of run ${r.runId} was already requested (job ${r.jobId}); status ${r.status}\n`,
    );
    if (!values.wait) return 0;
    const deadline = values.timeout
      ? Date.now() + seconds(values.timeout, "--timeout") * 1000
      : Infinity;
    for (;;) {
      const current = await client.json<Run>("GET", `/runs/${runId}`);
      if (current.status === "evaluated" && current.evaluation) {
        for (const [metric, s] of Object.entries(current.evaluation.scores))
          process.stdout.write(
            `${metric.padEnd(10)} ${s.score.toFixed(2)}${s.ci ? `  (95% CI ${s.ci[0].toFixed(2)}–${s.ci[1].toFixed(2)})` : ""}\n`,
          );
        return 0;
      }
      if (current.status === "failed") {
        process.stderr.write(`evaluation failed: ${current.error ?? "unknown error"}\n`);
        return 1;
      }
      if (Date.now() > deadline)
        throw new CliError(`timed out waiting for the evaluation (run is ${current.status})`);
      await sleep(1000);
    }
  });
}
