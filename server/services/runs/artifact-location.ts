import { realpathSync } from "node:fs";
import path from "node:path";
import { runWorkDir } from "./work-dir";

/** What decides where a run's artifact may be: its folder, its backend and the project's bucket. */
export type ArtifactScope = { runId: string; backend: string; bucket: string | null };

export type ArtifactLocation =
  | { ok: true; kind: "uri"; location: string }
  /** `location` is the real path (every symlink resolved): read that, never the reported one. */
  | { ok: true; kind: "file"; location: string }
  | { ok: false; reason: string };

// OpenAI names a fine-tuned model (and its checkpoints) "ft:<base>:<org>:<suffix>:<id>[:ckpt-step-N]".
const OPENAI_MODEL = /^ft:[\w.:-]{1,300}$/;

/**
 * Where a run's artifact may be. Whatever reports an artifact (the generic hook, a backend's
 * events, a promoted checkpoint) names either a URI its backend owns (s3:// in the project's
 * bucket; an OpenAI fine-tuned model id for an OpenAI run) or a file or folder that, with every
 * symlink resolved, lies inside the run's own work folder. Anything else (an absolute path
 * elsewhere, "../", file://, a symlink out of the folder) would let whoever reports it read the
 * server's files through the artifact download, so it is refused. The path is taken literally,
 * never percent-decoded. The download applies the same rule again: the folder may change after
 * the report.
 */
export function checkArtifactLocation(value: string, scope: ArtifactScope): ArtifactLocation {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value))
    return { ok: false, reason: "contains a control character" };
  if (value.trim() === "") return { ok: false, reason: "is empty" };
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === "s3") return checkS3(value, scope.bucket);
  if (scheme === "ft" && scope.backend === "openai" && OPENAI_MODEL.test(value))
    return { ok: true, kind: "uri", location: value };
  if (scheme)
    return {
      ok: false,
      reason: `${scheme}: locations are not accepted; give a path inside the run's folder or an s3:// URI in the project's bucket`,
    };
  return checkPath(value, scope.runId);
}

function checkS3(value: string, bucket: string | null): ArtifactLocation {
  const m = /^s3:\/\/([^/]+)\/(.+)$/i.exec(value);
  if (!m) return { ok: false, reason: "must be s3://<bucket>/<key>" };
  if (!bucket)
    return {
      ok: false,
      reason: "is an s3:// URI but the project has no SageMaker bucket configured",
    };
  if (m[1] !== bucket)
    return { ok: false, reason: `must be in the project's bucket (s3://${bucket}/…)` };
  return { ok: true, kind: "uri", location: value };
}

function checkPath(value: string, runId: string): ArtifactLocation {
  const root = realpathOrNull(runWorkDir(runId));
  if (!root) return { ok: false, reason: "is a path, but the run has no folder on this server" };
  // Relative paths are relative to the run's folder; an absolute one must still end up inside it.
  const real = realpathOrNull(path.resolve(root, value));
  if (!real) return { ok: false, reason: "does not exist inside the run's folder" };
  const rel = path.relative(root, real);
  if (rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel))
    return { ok: false, reason: "must be inside the run's folder" };
  return { ok: true, kind: "file", location: real };
}

function realpathOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}
