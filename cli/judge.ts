import { readFileSync } from "node:fs";
import type { TryJudgeOut } from "../server/schemas/judges";
import { TrySample } from "../server/schemas/judges";
import { CliError } from "./api-client";
import { CONNECTION_HELP, clientFrom, guard, parse } from "./common";

const USAGE = `usage: tunebench judge try <judgeId> (--samples FILE | --run RUN_ID [--against RUN_ID])
                          [--version N] [--show-prompt] [--json]
       tunebench judge save --file FILE [--judge JUDGE_ID]   (judge save --help)

Runs a saved judge on up to 3 samples and prints each verdict (and with --show-prompt, the
prompts sent). FILE holds JSON lines {"question", "answer"} for a single judge or {"question",
"answerA", "answerB"} for a pairwise one, each with an optional "reference". --run takes the
first 3 samples of a run's evaluation, against another run's outputs for a pairwise judge.
Calls are cached: trying the same samples again costs nothing.
Exit: 0 done, 2 usage/connection/API error.
${CONNECTION_HELP}`;

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === "save") return (await import("./judge-save")).run(argv.slice(1));
  return guard(async () => {
    const { values, positionals } = parse(
      argv,
      {
        samples: { type: "string" },
        run: { type: "string" },
        against: { type: "string" },
        version: { type: "string" },
        "show-prompt": { type: "boolean" },
        json: { type: "boolean" },
      },
      USAGE,
    );
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals[0] !== "try" || positionals.length !== 2)
      throw new CliError(`give "try" and one judge id\n\n${USAGE}`);
    if ((values.samples === undefined) === (values.run === undefined))
      throw new CliError(`give either --samples or --run\n\n${USAGE}`);
    const body = {
      ...(values.samples ? { samples: readSamples(values.samples) } : {}),
      ...(values.run ? { runId: values.run } : {}),
      ...(values.against ? { againstRunId: values.against } : {}),
      ...(values.version ? { version: Number(values.version) } : {}),
    };
    const judgeId = encodeURIComponent(positionals[1]!);
    const out = await clientFrom(values).json<TryJudgeOut>("POST", `/judges/${judgeId}/try`, body);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`judge ${out.judgeId} version ${out.version} (${out.mode})\n`);
    out.samples.forEach((s, i) => {
      const summary =
        out.mode === "single"
          ? `score ${s.score === null ? "— (unparsed)" : s.score.toFixed(1)}`
          : `winner ${s.winner ?? "— (unparsed)"}${s.flipped ? " (the two orders disagreed)" : ""}`;
      process.stdout.write(`\nsample ${i + 1}: ${summary}\n`);
      for (const g of s.games) {
        const label = g.game === 0 ? "answer" : `game ${g.game}`;
        process.stdout.write(
          `  ${label}: ${g.status}${g.verdict === null ? "" : ` ${JSON.stringify(g.verdict)}`}${g.cached ? " (cached)" : ""}\n`,
        );
        if (values["show-prompt"])
          for (const m of g.messages)
            process.stdout.write(`    [${m.role}]\n${indent(m.content)}\n`);
        process.stdout.write(`    [judge]\n${indent(g.raw)}\n`);
      }
    });
    if (out.costUsd !== null) process.stdout.write(`\ncost $${out.costUsd.toFixed(6)}\n`);
    return 0;
  });
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `      ${l}`)
    .join("\n");

function readSamples(file: string): TrySample[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const lines = text.split("\n").filter((l) => l.trim());
  if (lines.length === 0 || lines.length > 3)
    throw new CliError(`${file}: give 1 to 3 samples, one JSON object a line`);
  return lines.map((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new CliError(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
    }
    const parsed = TrySample.safeParse(value);
    if (!parsed.success)
      throw new CliError(
        `${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join(".") || "line"}: ${x.message}`).join("; ")}`,
      );
    return parsed.data;
  });
}
