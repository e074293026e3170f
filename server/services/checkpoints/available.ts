import { existsSync } from "node:fs";
import path from "node:path";

/** A local checkpoint folder must still exist (the worker prunes old ones); remote paths
 *  (s3://…, model ids) are taken as available. */
export function checkpointAvailable(p: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) || !path.isAbsolute(p)) return true;
  return existsSync(path.join(p, "adapter_config.json"));
}
