import { type ParseArgsConfig, parseArgs } from "node:util";
import { ApiClient, ApiError, CliError, describeApiError } from "./api-client";

/** Options every API command takes. */
export const CONNECTION_OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

export const CONNECTION_HELP = `
connection:
  --url URL        Tunebench server (default: $TUNEBENCH_URL, else http://127.0.0.1:3000)
  --token TOKEN    API token tb_… (default: $TUNEBENCH_TOKEN)`;

/** parseArgs with usage errors as CliError (exit 2). */
export function parse<O extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: O,
  usage: string,
) {
  try {
    return parseArgs({
      args: argv,
      options: { ...CONNECTION_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\n${usage}`);
  }
}

export const clientFrom = (values: { url?: string; token?: string }) =>
  new ApiClient({ url: values.url, token: values.token });

/** Runs a command body; CliErrors print to stderr and give their exit code (2), never a stack. */
export async function guard(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof ApiError) process.stderr.write(`tunebench: ${describeApiError(e)}\n`);
    else if (e instanceof CliError) process.stderr.write(`tunebench: ${e.message}\n`);
    else throw e;
    return (e as CliError).exitCode;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type RunSummary = {
  id: string;
  index: number;
  name: string;
  isBaseline: boolean;
  status: string;
  step: number | null;
  totalSteps: number | null;
  progress: number | null;
  etaSeconds: number | null;
  error: string | null;
};
