import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContextFromRequest } from "@/server/context";
import { appRouter } from "@/server/root";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function handler(incoming: Request) {
  const req = await utf8Body(incoming);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContextFromRequest(req),
    // Internal errors are logged, with the reference the client is given, by server/trpc.ts.
  });
}

export { handler as GET, handler as POST };

/** The request with its body checked as UTF-8: bytes that are not would otherwise become U+FFFD
 *  in the input without a word (browsers always send UTF-8; this is for other clients). */
async function utf8Body(req: Request): Promise<Request | Response> {
  if (req.method !== "POST" || !req.body) return req;
  const bytes = await req.arrayBuffer();
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return Response.json(
      { error: { message: "The request body is not valid UTF-8.", code: "BAD_REQUEST" } },
      { status: 400 },
    );
  }
  return new Request(req, { body: bytes });
}
