import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { type AddressPolicy, addressRefusal, type Resolve, systemResolve } from "./address-policy";

/** A connection the address policy refused: retrying would not change the answer. */
export class RefusedAddressError extends Error {
  override readonly name = "RefusedAddressError";
}

export type PostOptions = {
  headers: Record<string, string>;
  body: string;
  /** Bytes of the answer kept for the delivery log; the rest is never read. */
  responseLimit: number;
  signal: AbortSignal;
  policy: AddressPolicy;
  resolve?: Resolve;
};

/**
 * POSTs a webhook with node:http(s), whose `lookup` hook hands the socket the address it connects
 * to: the name is resolved once, every answer is checked against the policy, and the socket
 * connects to the checked answer, so a DNS answer that changes between check and connect (DNS
 * rebinding) cannot lead it elsewhere. (fetch resolves inside undici, out of reach without an
 * extra dependency.) An IP literal never reaches `lookup`, so it is checked before connecting.
 * Redirects are never followed: the answer, a 3xx included, is what the delivery log records.
 */
export function postWebhook(
  url: string,
  opts: PostOptions,
): Promise<{ status: number; response: string }> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(host)) {
    const why = addressRefusal(host, opts.policy);
    if (why) return Promise.reject(new RefusedAddressError(`refused to connect: ${why}`));
  }
  const lookup = checkedLookup(opts.policy, opts.resolve ?? systemResolve);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: "POST",
        headers: { ...opts.headers, "content-length": Buffer.byteLength(opts.body) },
        lookup,
        signal: opts.signal,
        agent: false, // a fresh connection each time: a pooled socket skips the lookup
      },
      (res) => {
        const chunks: Buffer[] = [];
        let total = 0;
        const done = () => {
          res.destroy();
          resolve({
            status: res.statusCode ?? 0,
            response: Buffer.concat(chunks).subarray(0, opts.responseLimit).toString("utf8"),
          });
        };
        res.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          total += chunk.length;
          if (total >= opts.responseLimit) done();
        });
        res.on("end", done);
        res.on("error", reject);
        // Closed before its end: by the deadline (a failed attempt), else by the receiver.
        res.on("close", () => (opts.signal.aborted ? reject(opts.signal.reason) : done()));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

function checkedLookup(policy: AddressPolicy, resolve: Resolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((answers) => {
        const wanted = answers.filter((a) => !options.family || a.family === options.family);
        if (wanted.length === 0)
          throw Object.assign(new Error(`${hostname}: no address`), { code: "ENOTFOUND" });
        // Every answer must pass: a name that also points inside is refused as a whole.
        for (const a of wanted) {
          const why = addressRefusal(a.address, policy);
          if (why)
            throw new RefusedAddressError(`refused to connect: ${hostname} resolves to ${why}`);
        }
        if (options.all) callback(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      })
      .catch((e: NodeJS.ErrnoException) => callback(e, ""));
  };
}
