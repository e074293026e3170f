import { createTRPCRouter, protectedProcedure } from "@/server/trpc";

// Bootstrap stub so the root router compiles; the real procedures land with the services.
export const runsRouter = createTRPCRouter({
  ping: protectedProcedure.query(() => "ok" as const),
});
