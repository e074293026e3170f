import { listProjects } from "@/server/services/projects";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";

export const projectsRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listProjects({ ctx })),
});
