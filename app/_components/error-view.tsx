import { Alert } from "./ui";

export type LineError = { file?: string; line: number; field?: string; reason: string };

type ErrorLike =
  | { message?: string; data?: { code?: string; details?: unknown } | null }
  | null
  | undefined;

/** A tRPC error as a sentence: permission and sign-in problems get their own wording, and zod
 *  messages (a JSON array of issues) are flattened instead of dumped. */
export function errorMessage(err: ErrorLike): string {
  if (!err) return "Something went wrong.";
  const code = err.data?.code;
  if (code === "FORBIDDEN")
    return `You don't have permission to do this. ${err.message && !err.message.startsWith("[") ? err.message : ""}`.trim();
  if (code === "UNAUTHORIZED") return "Your session has ended. Sign in again to continue.";
  const msg = err.message ?? "Something went wrong.";
  if (msg.startsWith("[")) {
    try {
      const issues = JSON.parse(msg) as { path?: (string | number)[]; message: string }[];
      return issues
        .map((i) => (i.path?.length ? `${i.path.join(".")}: ${i.message}` : i.message))
        .join("; ");
    } catch {
      /* not JSON after all */
    }
  }
  return msg;
}

export function lineErrors(err: ErrorLike): { errors: LineError[]; more: number } | null {
  const d = err?.data?.details as { errors?: unknown; more?: unknown } | undefined;
  if (!d || !Array.isArray(d.errors)) return null;
  return { errors: d.errors as LineError[], more: typeof d.more === "number" ? d.more : 0 };
}

export function ErrorView({ error, title }: { error: ErrorLike; title?: string }) {
  return <Alert title={title ?? "Couldn't complete the request"}>{errorMessage(error)}</Alert>;
}
