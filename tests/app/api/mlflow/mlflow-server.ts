import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as route from "@/app/api/mlflow/[...path]/route";

const HANDLERS: Record<string, typeof route.GET> = {
  GET: route.GET,
  POST: route.POST,
  PUT: route.PUT,
  PATCH: route.PATCH,
  DELETE: route.DELETE,
};
const PREFIX = "/api/mlflow/";

/** A real HTTP server on loopback answering /api/mlflow/… with the app's route handlers in-process
 *  (what `next start` does for that route), so MLflow's Python client talks to it over the network. */
export async function startMlflowServer(): Promise<{ uri: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === "string") headers.set(k, v);
      const url = new URL(`http://${req.headers.host}${req.url}`);
      const handler = HANDLERS[req.method ?? ""];
      if (!handler || !url.pathname.startsWith(PREFIX)) {
        res.writeHead(404).end();
        return;
      }
      const path = url.pathname.slice(PREFIX.length).split("/").map(decodeURIComponent);
      const response = await handler(
        new Request(url, {
          method: req.method,
          headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        }),
        { params: Promise.resolve({ path }) },
      );
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}/api/mlflow`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
