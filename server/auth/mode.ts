import { getEnv } from "@/server/env";

export type AuthMode = "local" | "multi";

export function getAuthMode(): AuthMode {
  return getEnv().TUNEBENCH_AUTH;
}
