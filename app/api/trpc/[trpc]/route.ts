import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContextFromRequest } from "@/server/context";
import { appRouter } from "@/server/root";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContextFromRequest(req),
    // Internal errors are logged, with the reference the client is given, by server/trpc.ts.
  });
}

export { handler as GET, handler as POST };
