import { randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import ipaddr from "ipaddr.js";
import { getEnv } from "@/server/env";

// Sign-in is rate limited per client address (better-auth: 3 tries per 10 s per address and path).
// better-auth only reads addresses from request headers, and Next's route handlers never see the
// socket, so a header carries the socket's peer address from the HTTP server to better-auth.
// Without this, better-auth read X-Forwarded-For, which any client sets: every guess with a new
// value got a fresh bucket.

const HEADER = Symbol.for("tunebench.clientAddressHeader");
type Global = typeof globalThis & { [HEADER]?: string };

/** The header that carries the client's address inside this process. Its name has a random part,
 *  made once per process, so a client cannot send it: even a request that somehow skipped the
 *  stamp (one that arrived before it was installed) cannot choose its own address. */
export function clientAddressHeader(): string {
  const g = globalThis as Global;
  g[HEADER] ??= `x-tunebench-client-${randomBytes(12).toString("hex")}`;
  return g[HEADER];
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
let parsed: { source: string; ranges: Range[] } | null = null;

/** TUNEBENCH_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges of the reverse proxies in
 *  front of the server. An entry that is neither is an error, not a silently ignored proxy. */
export function trustedProxies(source = getEnv().TUNEBENCH_TRUSTED_PROXIES ?? ""): Range[] {
  if (parsed?.source === source) return parsed.ranges;
  const ranges = source
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry): Range => {
      try {
        if (entry.includes("/")) return ipaddr.parseCIDR(entry);
        const ip = ipaddr.process(entry);
        return [ip, ip.kind() === "ipv4" ? 32 : 128];
      } catch {
        throw new Error(
          `TUNEBENCH_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8)`,
        );
      }
    });
  parsed = { source, ranges };
  return ranges;
}

function normalise(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return ipaddr.process(address.trim()); // ::ffff:a.b.c.d becomes a.b.c.d
  } catch {
    return null;
  }
}

const isTrusted = (ip: ipaddr.IPv4 | ipaddr.IPv6, ranges: Range[]) =>
  ranges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy. Then the
 * X-Forwarded-For hops are read from the right (each proxy appends the address it was connected
 * from), trusted proxies are skipped, and the first hop that is not one is the client: what a
 * client writes itself sits further left and is never reached. A malformed hop where the client
 * should be means the chain cannot be trusted, and the proxy's own address is used.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  ranges: Range[],
): string | null {
  const peerIp = peer ? normalise(peer) : null;
  if (!peerIp) return null;
  if (!isTrusted(peerIp, ranges)) return peerIp.toString();
  const hops = [forwardedFor ?? []].flat().join(",").split(",").reverse();
  let client = peerIp;
  for (const hop of hops) {
    if (!hop.trim()) continue;
    const ip = normalise(hop);
    if (!ip) return client.toString();
    client = ip;
    if (!isTrusted(ip, ranges)) break;
  }
  return client.toString();
}

const STAMPED = Symbol.for("tunebench.clientAddressStamp");

/**
 * Makes every HTTP(S) server in this process set the client-address header on each request before
 * its handlers see it (Next's server included: instrumentation.ts calls this before the first
 * request is routed). It wraps `emit` on the server prototypes, since Next creates its server
 * internally and offers no hook with the socket.
 */
export function stampClientAddresses(): void {
  const g = globalThis as typeof globalThis & { [STAMPED]?: boolean };
  if (g[STAMPED]) return;
  trustedProxies(); // a bad TUNEBENCH_TRUSTED_PROXIES stops the start, not each request
  g[STAMPED] = true;
  const header = clientAddressHeader();
  for (const proto of [http.Server.prototype, https.Server.prototype]) {
    const emit = proto.emit;
    proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const req = args[0] as http.IncomingMessage;
        const address = clientAddress(
          req.socket?.remoteAddress,
          req.headers["x-forwarded-for"],
          trustedProxies(),
        );
        if (address) req.headers[header] = address;
        else delete req.headers[header];
      }
      return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
    } as typeof proto.emit;
  }
}
