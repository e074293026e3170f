import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

export type CliResult = { code: number; stdout: string; stderr: string };
export type RunningCli = {
  done: Promise<CliResult>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
};

/** Starts `tunebench …` as a subprocess (asynchronously: the API server lives in this process).
 *  With tty, under a pseudo-terminal (util-linux `script`), so stdout.isTTY is true in the CLI. */
export function startCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  opts: { tty?: boolean } = {},
): RunningCli {
  const argv = [TSX, path.join(ROOT, "cli/tunebench.ts"), ...args];
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const [cmd, ...rest] = opts.tty
    ? ["script", "-qec", argv.map(quote).join(" "), "/dev/null"]
    : argv;
  const child = spawn(cmd!, rest, {
    cwd: ROOT,
    env: { ...process.env, TUNEBENCH_URL: undefined, TUNEBENCH_TOKEN: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "",
    stderr = "";
  const listeners = new Set<() => void>();
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    for (const l of listeners) l();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const done = new Promise<CliResult>((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    }),
  );
  return {
    done,
    waitForOutput: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stdout)) return;
          listeners.delete(check);
          clearTimeout(t);
          resolve();
        };
        const t = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} in output: ${stdout}${stderr}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

export const runCli = (
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> => startCli(args, env).done;
