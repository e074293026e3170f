import type { AddressInfo, Server } from "node:net";
import { getAuthMode } from "./mode";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return LOOPBACK.has(h) || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** Local mode signs every visitor in as the owner, so it must only ever listen on loopback.
 *  Throws when `host` (or, when omitted, any address this process listens on, or the -H/--hostname
 *  argument, HOSTNAME or TUNEBENCH_HOST) is not loopback and TUNEBENCH_AUTH is not "multi". */
export function assertSafeBinding(host?: string): void {
  if (getAuthMode() === "multi") return;
  const hosts = host !== undefined ? [host] : boundHosts();
  const unsafe = hosts.filter((h) => !isLoopback(h));
  if (unsafe.length > 0) throw new Error(refusal(unsafe));
  // Next may call instrumentation before its server listens: keep watching for a while, and stop
  // the process if it turns out to listen beyond loopback after all.
  if (host === undefined) watchListeners();
}

const refusal = (unsafe: string[]) =>
  `Refusing to start: local single-user mode signs everyone in as the owner, but the server listens on ${unsafe.join(", ")}. ` +
  `Bind to 127.0.0.1 (next start -H 127.0.0.1), or set TUNEBENCH_AUTH=multi for real accounts.`;

function watchListeners(): void {
  let checks = 0;
  const timer = setInterval(() => {
    const unsafe = listeningAddresses().filter((h) => !isLoopback(h));
    if (unsafe.length > 0) {
      console.error(refusal(unsafe));
      process.exit(1);
    }
    if (++checks >= 60) clearInterval(timer);
  }, 500);
  timer.unref();
}

/** Where this process listens or is told to listen. An empty host ("" / "0.0.0.0" / "::") means
 *  every interface, which is never loopback. */
function boundHosts(): string[] {
  const hosts = listeningAddresses();
  const argv = process.argv;
  const flag = argv.findIndex((a) => a === "-H" || a === "--hostname");
  if (flag >= 0 && argv[flag + 1]) hosts.push(argv[flag + 1]!);
  for (const name of ["TUNEBENCH_HOST", "HOSTNAME"] as const) {
    const value = process.env[name];
    // HOSTNAME is also the machine's name in many shells; only an address-looking value counts.
    if (value && (name === "TUNEBENCH_HOST" || /^[\d.:[\]]+$/.test(value))) hosts.push(value);
  }
  return hosts;
}

function listeningAddresses(): string[] {
  // Undocumented but stable since Node 0.x; the only way to see servers another module started.
  const handles =
    (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles
    .filter(
      (h): h is Server =>
        typeof (h as Server)?.address === "function" && typeof (h as Server).listen === "function",
    )
    .map((s) => s.address())
    .filter((a): a is AddressInfo => typeof a === "object" && a !== null)
    .map((a) => a.address);
}
