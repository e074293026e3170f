import { readFileSync } from "node:fs";
import type { JudgeOut } from "../server/schemas/judges";
import { CliError } from "./api-client";
import { CONNECTION_HELP, clientFrom, guard, parse } from "./common";

const USAGE = `usage: tunebench judge save --file FILE [--judge JUDGE_ID]

Saves a judge from a JSON file: without --judge, creates one from {"name", "provider", "model",
"template", "pricing"?}; with --judge, stores {"provider", "model", "template", "pricing"?} as
that judge's next version (admins only). "pricing": {"inputUsdPerMTok", "outputUsdPerMTok"}
prices an OpenAI-compatible endpoint's model that the catalogue does not know.
Exit: 0 saved, 2 usage/connection/API error (a refused field is named).
${CONNECTION_HELP}`;

export async function run(argv: string[]): Promise<number> {
  return guard(async () => {
    const { values, positionals } = parse(
      argv,
      { file: { type: "string" }, judge: { type: "string" } },
      USAGE,
    );
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length > 0 || !values.file) throw new CliError(`give --file\n\n${USAGE}`);
    let body: unknown;
    try {
      body = JSON.parse(readFileSync(values.file, "utf8"));
    } catch (e) {
      throw new CliError(`${values.file}: ${(e as Error).message}`);
    }
    const route = values.judge ? `/judges/${encodeURIComponent(values.judge)}/versions` : "/judges";
    const out = await clientFrom(values).json<JudgeOut>("POST", route, body);
    process.stdout.write(`judge ${out.name} (${out.id}) version ${out.current.version}\n`);
    return 0;
  });
}
