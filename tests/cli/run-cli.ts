import { execFile } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs `tunebench …` as a subprocess (asynchronously: the API server lives in this process). */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(TSX, [path.join(ROOT, "cli/tunebench.ts"), ...args], { cwd, env: { ...process.env, TUNEBENCH_URL: undefined, TUNEBENCH_TOKEN: undefined, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The same under a pseudo-terminal (util-linux `script`), so stdout.isTTY is true in the CLI. */
export function runCliTty(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const command = [TSX, path.join(ROOT, "cli/tunebench.ts"), ...args].map(quote).join(" ");
  return new Promise((resolve) => {
    execFile("script", ["-qec", command, "/dev/null"], { cwd: ROOT, env: { ...process.env, TUNEBENCH_URL: undefined, TUNEBENCH_TOKEN: undefined, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
