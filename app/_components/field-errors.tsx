import { useState } from "react";
import type { z } from "zod";

/** A form's problems by field path ("rubric.criteria.0.label"), the first message for each. */
export type FieldErrors = Record<string, string>;

type Issue = { path: readonly PropertyKey[]; message: string };

function byPath(issues: readonly Issue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const key = i.path.map(String).join(".");
    out[key] ??= i.message;
  }
  return out;
}

/** What the server's own schema says about the value a form would send: the browser checks with
 *  the same zod schema the tRPC procedure validates with, so the two never disagree. */
export function schemaErrors(schema: z.ZodType, value: unknown): FieldErrors {
  const r = schema.safeParse(value);
  return r.success ? {} : byPath(r.error.issues);
}

/** A service's issue names its field as a path list or as a dotted string ("evalSuite.judges.0"). */
function asIssue(i: { path?: unknown; field?: unknown; message?: unknown }): Issue {
  const path = Array.isArray(i.path)
    ? (i.path as PropertyKey[])
    : typeof i.field === "string"
      ? i.field.split(".")
      : [];
  return { path, message: String(i.message ?? "") };
}

type ServerError = { message?: string; data?: { details?: unknown } | null } | null | undefined;

/** The field errors in a tRPC error (its message is the JSON list of zod issues when the input
 *  failed validation; a service's own checks send theirs as `details.issues`), so whatever the
 *  server refused still lands on its field. */
export function serverErrors(err: ServerError): FieldErrors {
  const issues = (err?.data?.details as { issues?: unknown } | null | undefined)?.issues;
  if (Array.isArray(issues)) return byPath(issues.map(asIssue));
  const msg = err?.message;
  if (!msg?.startsWith("[")) return {};
  try {
    return byPath(JSON.parse(msg) as Issue[]);
  } catch {
    return {};
  }
}

/** The message for `path`, or for anything under it ("rubric" finds "rubric.criteria.0.label"). */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const under = Object.keys(errors).find((k) => k.startsWith(`${path}.`));
  return under ? errors[under] : undefined;
}

/** aria-invalid and aria-describedby for the input `id` when it has a message. */
export function invalid(id: string, message: string | undefined) {
  return message ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {};
}

/** The message under a field, announced with it (aria-describedby points here). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span id={`${id}-error`} className="field-error" data-testid="field-error">
      {message}
    </span>
  );
}

/**
 * A form checked with a procedure's own zod schema: `errors` stay empty until a submit was tried
 * (no red on an untouched form), then hold the schema's and the server's messages by field.
 * `submit()` marks the attempt and says whether the value may be sent.
 */
export function useChecked(schema: z.ZodType, value: unknown, serverError: ServerError) {
  const [tried, setTried] = useState(false);
  const own = schemaErrors(schema, value);
  const ok = Object.keys(own).length === 0;
  return {
    errors: tried ? { ...serverErrors(serverError), ...own } : ({} as FieldErrors),
    submit: () => {
      setTried(true);
      return ok;
    },
    reset: () => setTried(false),
  };
}
