import { createTRPCRouter, protectedProcedure } from "@/server/trpc";

// Bootstrap stub so the root router compiles; the real procedures land with the services.
export const experimentsRouter = createTRPCRouter({
  ping: protectedProcedure.query(() => "ok" as const),
});
