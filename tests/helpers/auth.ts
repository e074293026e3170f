import { clientAddressHeader } from "@/server/auth/client-address";

export const AUTH_BASE = "http://127.0.0.1:3000/api/auth";
let next = 0;

/** A POST to better-auth as the HTTP server hands it over: stamped with the client's address
 *  (server/auth/client-address.ts), a new one per call unless `from` is given, so tests that are
 *  not about rate limits do not share one sign-in bucket. */
export function authRequest(
  path: string,
  body: unknown,
  opts: { from?: string; headers?: Record<string, string> } = {},
): Request {
  next += 1;
  const from = opts.from ?? `198.18.${(next >> 8) & 0xff}.${next & 0xff}`;
  return new Request(`${AUTH_BASE}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: "http://127.0.0.1:3000",
      [clientAddressHeader()]: from,
      ...opts.headers,
    },
    body: JSON.stringify(body),
  });
}
