import { z } from "zod";

export const LeaderboardInput = z.object({ experimentId: z.string().min(1) });
export type LeaderboardInput = z.infer<typeof LeaderboardInput>;
