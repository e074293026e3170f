import type { z } from "zod";
import { badRequest } from "@/server/errors";
import { StorableInput } from "@/server/schemas/storable";

/** Reads a JSON body and validates it; a malformed body is a 400 that says so, not a 500. The
 *  bytes must be UTF-8 (never silently replaced by U+FFFD) and every string storable. */
export async function parseJsonBody<T extends z.ZodType>(
  req: Request,
  schema: T,
): Promise<z.output<T>> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await req.arrayBuffer());
  } catch {
    throw badRequest("The request body is not valid UTF-8.");
  }
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch (e) {
    throw badRequest(`The request body is not valid JSON: ${(e as Error).message}`);
  }
  // A ZodError maps to 400 with field paths (server/api/errors.ts).
  return StorableInput.pipe(schema).parse(value);
}

/** Validates the query string against `schema`: a parameter given once is a string, one repeated
 *  (`?run=a&run=b`) a list of strings. */
export function parseQuery<T extends z.ZodType>(req: Request, schema: T): z.output<T> {
  const params = new URL(req.url).searchParams;
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    query[key] = all.length === 1 ? all[0]! : all;
  }
  return schema.parse(query); // storable: checked by withApi
}
