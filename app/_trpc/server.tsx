import "server-only";

import { dehydrate, HydrationBoundary, type QueryClient } from "@tanstack/react-query";
import { TRPCError } from "@trpc/server";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache, type ReactNode } from "react";
import { createContextFromRequest } from "@/server/context";
import { appRouter, createCaller } from "@/server/root";
import { makeQueryClient } from "./query-client";

/** The request's context, built once per render from the incoming headers (session cookie or
 *  bearer token), exactly as the HTTP handler would build it. */
export const getContext = cache(async () => {
  const h = await headers();
  const host = h.get("host") ?? "127.0.0.1";
  return createContextFromRequest(new Request(`http://${host}/`, { headers: new Headers(h) }));
});

export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy({
  ctx: getContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** Server-side caller; an anonymous visitor in multi-user mode is sent to sign in instead of
 *  seeing an error page. */
export async function api() {
  const ctx = await getContext();
  if (!ctx.user) redirect("/sign-in");
  return createCaller(ctx);
}

/** Calls `fn`, turning NOT_FOUND into Next's 404 page and UNAUTHORIZED into the sign-in page. */
export async function load<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof TRPCError && e.code === "UNAUTHORIZED") redirect("/sign-in");
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}

/** Starts a query on the server; its result (or its pending promise) streams to the client's
 *  cache through HydrateClient, so the first paint already has data. Awaiting the returned
 *  promise (it never rejects) puts the result itself into the server's HTML. */
export function prefetch(options: { queryKey: readonly unknown[] }): Promise<void> {
  return getQueryClient().prefetchQuery(options as Parameters<QueryClient["prefetchQuery"]>[0]);
}

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
