import { existsSync } from "node:fs";
import path from "node:path";

// The app's /api/v1 route handlers, dispatched in-process the way Next's router would: a test (or
// the CLI tests' node:http server) calls them with real Request objects.
type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, string>> },
) => Promise<Response> | Response;
type Route = { pattern: RegExp; keys: string[]; file: string };

const ROOT = path.resolve(import.meta.dirname, "../../../../app/api/v1");
const ROUTES: Route[] = [
  "experiments",
  "experiments/[id]",
  "experiments/[id]/runs",
  "experiments/[id]/leaderboard",
  "experiments/[id]/gates",
  "experiments/[id]/export",
  "experiments/[id]/evaluation",
  "experiments/[id]/judge-preferences",
  "runs",
  "runs/[id]",
  "runs/[id]/evaluate",
  "runs/[id]/adapter",
  "runs/[id]/metrics",
  "datasets",
  "review-campaigns/[id]/preferences",
  "judges",
  "judges/[id]",
  "judges/[id]/versions",
  "judges/[id]/try",
  "backups",
  "openapi.json",
].map((dir) => {
  const keys: string[] = [];
  const source = dir.split("/").map((seg) => {
    const m = seg.match(/^\[(\w+)\]$/);
    if (!m) return seg.replace(/\./g, "\\.");
    keys.push(m[1]!);
    return "([^/]+)";
  });
  return {
    pattern: new RegExp(`^/api/v1/${source.join("/")}$`),
    keys,
    file: path.join(ROOT, dir, "route.ts"),
  };
});

const modules = new Map<string, Promise<Record<string, Handler>>>();

/** Answers `req` with the matching route handler; 404/405 as Next would. */
export async function dispatch(req: Request): Promise<Response> {
  const url = new URL(req.url);
  for (const route of ROUTES) {
    const m = url.pathname.match(route.pattern);
    if (!m) continue;
    // A route another engineer has not written yet is simply absent, as it would be in the app.
    if (!existsSync(route.file)) break;
    if (!modules.has(route.file)) modules.set(route.file, import(route.file));
    const handler = (await modules.get(route.file)!)[req.method];
    if (!handler) return new Response(null, { status: 405 });
    const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
    return handler(req, { params: Promise.resolve(params) });
  }
  return Response.json({ error: { code: "NOT_FOUND", message: "No such route" } }, { status: 404 });
}
