import { createWriteStream } from "node:fs";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CliError } from "./api-client";
import { CONNECTION_HELP, clientFrom, guard, parse } from "./common";

const USAGE = `usage: tunebench export <experimentId> --what runs|metrics|samples --format csv|json
                        [--run ID]... [--metric NAME]... [-o FILE]

Streams the experiment's runs (with scores), metric points or evaluation samples to FILE or stdout.

  --what runs|metrics|samples   what to export (default runs)
  --format csv|json             output format (default csv)
  --run ID                      only this run (repeat for several, up to 1,000)
  --metric NAME                 only this metric name, with --what metrics (repeat, up to 100)
  -o, --output FILE             write to FILE instead of stdout
${CONNECTION_HELP}`;

const WHAT = ["runs", "metrics", "samples"];
const FORMAT = ["csv", "json"];

export async function run(argv: string[]): Promise<number> {
  return guard(async () => {
    const { values, positionals } = parse(
      argv,
      {
        what: { type: "string" },
        format: { type: "string" },
        run: { type: "string", multiple: true },
        metric: { type: "string", multiple: true },
        output: { type: "string", short: "o" },
      },
      USAGE,
    );
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new CliError(`give one experiment id\n\n${USAGE}`);
    const what = values.what ?? "runs";
    const format = values.format ?? "csv";
    if (!WHAT.includes(what))
      throw new CliError(`--what takes ${WHAT.join(", ")}, not ${JSON.stringify(what)}`);
    if (!FORMAT.includes(format))
      throw new CliError(`--format takes ${FORMAT.join(", ")}, not ${JSON.stringify(format)}`);
    if (values.metric && what !== "metrics")
      throw new CliError("--metric filters the metrics export only (--what metrics)");
    const query = new URLSearchParams({ what, format });
    for (const id of values.run ?? []) query.append("run", id);
    for (const name of values.metric ?? []) query.append("metric", name);
    const client = clientFrom(values);
    const res = await client.ensureOk(
      await client.fetch(
        "GET",
        `/experiments/${encodeURIComponent(positionals[0]!)}/export?${query}`,
      ),
      "export",
    );
    if (!res.body) throw new CliError("export: the server sent no body");
    // Streamed end to end: a large export never sits in memory here.
    const sink: Writable = values.output ? createWriteStream(values.output) : process.stdout;
    await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), sink);
    if (values.output) process.stderr.write(`wrote ${values.output}\n`);
    return 0;
  });
}
