import { AttachProblem } from "./limits";

/**
 * The path an archive entry or an S3 key (relative to its prefix) may be written to inside a fresh
 * folder: relative, no `..` or empty segments, no backslashes or control characters. Anything else
 * is refused rather than cleaned up, so what lands on disk is exactly what the archive names.
 * A leading "./" (what `tar -C dir .` writes) is dropped; the archive's root itself is "".
 */
export function safeEntryPath(name: string): string {
  const where = JSON.stringify(name.slice(0, 200));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(name))
    throw new AttachProblem(`${where}: a control character or backslash in a path`);
  if (name.startsWith("/") || /^[a-z]:/i.test(name))
    throw new AttachProblem(`${where}: an absolute path`);
  const trimmed = name.replace(/^(\.\/)+/, "").replace(/\/$/, "");
  if (trimmed === "" || trimmed === ".") return "";
  const parts = trimmed.split("/");
  if (parts.some((p) => p === ".."))
    throw new AttachProblem(`${where}: a path that climbs out with '..'`);
  if (parts.some((p) => p === "" || p === "."))
    throw new AttachProblem(`${where}: an empty or '.' path segment`);
  return parts.join("/");
}
