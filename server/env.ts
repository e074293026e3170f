import { z } from "zod";
import { AUTH_MODES } from "@/core/enums";

// Everything is optional: the embedded default (PGlite, local single-user mode) needs no settings.
// Parsed on each call so tests and scripts can change process.env; it is a few microseconds.
const Env = z.object({
  DATABASE_URL: z.string().url().optional(),
  TUNEBENCH_DATA_DIR: z.string().default("./data/pglite"),
  // "local": one auto-signed-in owner, loopback only. "multi": real accounts; required off loopback.
  TUNEBENCH_AUTH: z.enum(AUTH_MODES).default("local"),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  BETTER_AUTH_URL: z.string().url().optional(),
  TUNEBENCH_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  TUNEBENCH_EMBEDDED_WORKER: z.enum(["0", "1"]).default("1"),
  // Snapshots (server/backup): where, how many of each kind to keep, and how often the server
  // takes one of the embedded database (0: never; the cap keeps one timer under setTimeout's limit).
  TUNEBENCH_BACKUP_DIR: z.string().optional(),
  TUNEBENCH_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  TUNEBENCH_BACKUP_INTERVAL_HOURS: z.coerce.number().min(0).max(168).default(24),
  // Reverse proxies whose X-Forwarded-For is believed (server/auth/client-address.ts).
  TUNEBENCH_TRUSTED_PROXIES: z.string().optional(),
  // "1": outgoing webhooks may call private addresses (server/services/webhooks/address-policy.ts).
  TUNEBENCH_WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1"]).default("0"),
});
export type Env = z.infer<typeof Env>;

export function getEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means unset (t3's emptyStringAsUndefined).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
