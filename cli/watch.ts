import { isFinished } from "../core/run-status";
import { CliError } from "./api-client";
import { CONNECTION_HELP, clientFrom, guard, parse, type RunSummary, sleep } from "./common";
import { barLine, changeLine } from "./progress";

const USAGE = `usage: tunebench watch <experimentId> [--interval SECONDS] [--timeout SECONDS]

Follows the experiment's runs until every one is terminal (evaluated, failed or cancelled):
progress bars on a terminal, one line per change otherwise (logs, CI).
Exit: 0 all runs evaluated, 1 some run failed or was cancelled, 2 usage/connection error or timeout.

  --interval SECONDS  time between polls (default 2)
  --timeout SECONDS   give up after this long (default: never)
${CONNECTION_HELP}`;

export async function run(argv: string[]): Promise<number> {
  return guard(async () => {
    const { values, positionals } = parse(
      argv,
      { interval: { type: "string" }, timeout: { type: "string" } },
      USAGE,
    );
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new CliError(`give one experiment id\n\n${USAGE}`);
    const interval = seconds(values.interval ?? "2", "--interval");
    const deadline = values.timeout
      ? Date.now() + seconds(values.timeout, "--timeout") * 1000
      : Infinity;
    const client = clientFrom(values);
    const path = `/experiments/${encodeURIComponent(positionals[0]!)}/runs`;
    const tty = process.stdout.isTTY === true;
    const seen = new Map<string, RunSummary>();
    let drawn = 0;
    for (;;) {
      const { runs } = await client.json<{ runs: RunSummary[] }>("GET", path);
      if (tty) {
        const width = Math.min(40, Math.max(4, ...runs.map((r) => r.name.length)));
        // Move up over the previous frame and redraw it in place.
        if (drawn) process.stdout.write(`\x1b[${drawn}A`);
        for (const r of runs) process.stdout.write(`\x1b[2K${barLine(r, width)}\n`);
        drawn = runs.length;
      } else {
        for (const r of runs) {
          const line = changeLine(r, seen.get(r.id));
          if (line) process.stdout.write(`${line}\n`);
        }
      }
      for (const r of runs) seen.set(r.id, r);
      if (runs.length > 0 && runs.every((r) => isFinished(r.status))) {
        const bad = runs.filter((r) => r.status !== "evaluated");
        process.stdout.write(
          `${runs.length - bad.length}/${runs.length} runs evaluated${bad.length ? `; ${bad.map((r) => `${r.name} ${r.status}`).join(", ")}` : ""}\n`,
        );
        return bad.length ? 1 : 0;
      }
      if (Date.now() + interval * 1000 > deadline)
        throw new CliError(
          `timed out: runs still going (${runs
            .filter((r) => !isFinished(r.status))
            .map((r) => `${r.name} ${r.status}`)
            .join(", ")})`,
        );
      await sleep(interval * 1000);
    }
  });
}

export function seconds(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new CliError(`${flag} takes a positive number of seconds, not ${JSON.stringify(text)}`);
  return n;
}
