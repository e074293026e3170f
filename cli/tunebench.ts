#!/usr/bin/env tsx
/**
 * tunebench command line. Each subcommand lives in cli/<command>.ts and exports
 * `run(argv: string[]): Promise<number>` (the exit code); add a line to COMMANDS to register one.
 */
const COMMANDS: Record<
  string,
  { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> }
> = {
  eval: {
    summary: "score hypotheses with sacreBLEU-exact BLEU or chrF (eval bleu|chrf --help)",
    load: () => import("./eval"),
  },
  create: {
    summary: "create an experiment from a YAML/JSON file, uploading its dataset files",
    load: () => import("./create"),
  },
  watch: {
    summary: "follow an experiment's runs with progress bars until they finish",
    load: () => import("./watch"),
  },
  evaluate: {
    summary: "request a run's evaluation (--wait for its scores)",
    load: () => import("./evaluate"),
  },
  gate: {
    summary: "print regression-gate verdicts; exit 1 on a failed gate (for CI)",
    load: () => import("./gate"),
  },
  judge: {
    summary: "save an LLM judge from a file, or try one on up to 3 samples (judge --help)",
    load: () => import("./judge"),
  },
  export: {
    summary: "export runs, metrics or samples as CSV or JSON",
    load: () => import("./export"),
  },
  backup: {
    summary: "snapshot the database, runs folder and secret key into one archive",
    load: () => import("./backup"),
  },
  restore: {
    summary: "restore a backup archive (offline); without a file, list the snapshots",
    load: () => import("./restore"),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: tunebench <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nThe API commands talk to $TUNEBENCH_URL with the API token $TUNEBENCH_TOKEN (or --url/--token); see docs/cli.md.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help") {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`tunebench: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tunebench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
