import { z } from "zod";

export const RunJobPayload = z.object({ runId: z.string().min(1) });
