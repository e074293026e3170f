import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: http.IncomingHttpHeaders; body: string; at: number };

/** A real HTTP endpoint on loopback that answers from a script of status codes (the last repeats). */
export async function startReceiver(
  script: { status: number; body?: string }[] = [{ status: 200 }],
) {
  const received: Received[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      const step = script[Math.min(n++, script.length - 1)]!;
      res.writeHead(step.status, { "content-type": "text/plain" });
      res.end(step.body ?? `status ${step.status}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    setScript(next: typeof script) {
      script = next;
      n = 0;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
