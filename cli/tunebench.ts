#!/usr/bin/env tsx
/**
 * tunebench command line. Each subcommand lives in cli/<command>.ts and exports
 * `run(argv: string[]): Promise<number>` (the exit code); add a line to COMMANDS to register one.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> }> = {
  eval: { summary: "score hypotheses with sacreBLEU-exact BLEU or chrF (eval bleu|chrf --help)", load: () => import("./eval") },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: tunebench <command> [options]\n\ncommands:\n${lines.join("\n")}\n`;
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
