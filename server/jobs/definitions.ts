import type { defineJob } from "@/server/jobs/define";

/** Every job kind the worker loop serves. */
export const jobDefinitions: ReturnType<typeof defineJob>[] = [];
