import type { AuthMode } from "@/core/enums";
import { getEnv } from "@/server/env";

export function getAuthMode(): AuthMode {
  return getEnv().TUNEBENCH_AUTH;
}
