import { lookup as dnsLookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { getEnv } from "@/server/env";

/**
 * Which addresses outgoing webhooks may connect to. Ranges come from ipaddr.js (the IANA
 * special-purpose registries, as Express's proxy-addr uses them) rather than a table of our own:
 * only what it calls plain "unicast" is public. Loopback, RFC 1918, IPv6 unique-local and CGNAT
 * are opened by TUNEBENCH_WEBHOOK_ALLOW_PRIVATE=1; local single-user mode also allows loopback,
 * since its only user already reaches that machine. Link-local (cloud metadata at
 * 169.254.169.254), multicast, unspecified, broadcast and reserved ranges are never called.
 */
export type AddressPolicy = { allowLoopback: boolean; allowPrivate: boolean };

/** Resolves a host name to every address it has now (tests pass their own resolver). */
export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;
export const systemResolve: Resolve = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

export function webhookAddressPolicy(): AddressPolicy {
  const env = getEnv();
  const allowPrivate = env.TUNEBENCH_WEBHOOK_ALLOW_PRIVATE === "1";
  return { allowPrivate, allowLoopback: allowPrivate || env.TUNEBENCH_AUTH === "local" };
}

const PRIVATE_RANGES = new Set(["loopback", "private", "uniqueLocal", "carrierGradeNat"]);

/** Why `address` (an IP literal) may not be called, or null when it may. */
export function addressRefusal(address: string, policy: AddressPolicy): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, ""));
  } catch {
    return `${address} is not an IP address`;
  }
  const inner = ip.kind() === "ipv6" ? embeddedIPv4(ip as ipaddr.IPv6) : null;
  if (inner) {
    const why = addressRefusal(inner.toString(), policy);
    return why && `${address} carries the IPv4 address ${inner}: ${why}`;
  }
  const range = ip.range();
  if (range === "unicast") return null;
  if (range === "loopback" && policy.allowLoopback) return null;
  if (PRIVATE_RANGES.has(range) && policy.allowPrivate) return null;
  const hint = PRIVATE_RANGES.has(range) ? " (TUNEBENCH_WEBHOOK_ALLOW_PRIVATE=1 allows it)" : "";
  return `${address} is a ${range} address${hint}`;
}

/** The IPv4 address an IPv6 one stands for (mapped, translated, compatible, NAT64, 6to4), which
 *  the network would reach in its place. */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = ip.parts;
  const from = (hi: number, lo: number) =>
    new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const range = ip.range();
  if (range === "ipv4Mapped" || range === "rfc6145") return from(p[6]!, p[7]!);
  // 64:ff9b::/96 (RFC 6052's well-known NAT64 prefix); the local-use /48 stays refused as rfc6052.
  if (p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0))
    return from(p[6]!, p[7]!);
  if (range === "6to4") return from(p[1]!, p[2]!);
  // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks); :: and ::1 are themselves.
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7]! > 1)) return from(p[6]!, p[7]!);
  return null;
}

/** Why `url` may not be called, or null: its host is checked as an address, or, for a name, every
 *  address it resolves to now. A name that does not resolve is left to the check at connect time. */
export async function urlRefusal(
  url: string,
  policy: AddressPolicy,
  resolve: Resolve = systemResolve,
): Promise<string | null> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(host)) return addressRefusal(host, policy);
  let answers: { address: string }[];
  try {
    answers = await resolve(host);
  } catch {
    return null;
  }
  for (const { address } of answers) {
    const why = addressRefusal(address, policy);
    if (why) return `${host} resolves to ${why}`;
  }
  return null;
}
