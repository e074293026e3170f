import type { z } from "zod";
import { StorableInput } from "@/server/schemas/storable";
import { HookError } from "./respond";

/** Largest hook body accepted. EventBridge events are at most 256 KiB; OpenAI's are tiny. */
export const MAX_HOOK_BODY_BYTES = 1024 * 1024;

/**
 * Reads the raw body as text (signatures cover the exact bytes), refusing it with 413 as soon as
 * it passes `limit`: a declared Content-Length over the limit is refused before reading, and a
 * chunked body is cut off mid-stream, so an oversized body is never buffered whole.
 */
export async function readLimitedBody(req: Request, limit = MAX_HOOK_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (declared > limit) {
    await req.body?.cancel().catch(() => {});
    throw new HookError(413);
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new HookError(413);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks, total));
  } catch {
    throw new HookError(400, "the body is not valid UTF-8");
  }
}

/** A verified body as `schema` says, or a 400 naming the field: JSON, storable text (no NUL, no
 *  unpaired surrogate: server/schemas/storable.ts), then the hook's own shape. */
export function parseHookBody<T extends z.ZodType>(body: string, schema: T): z.output<T> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new HookError(400, "the body is not JSON");
  }
  const parsed = StorableInput.pipe(schema).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HookError(400, `${issue.path.join(".") || "(body)"}: ${issue.message}`);
  }
  return parsed.data;
}
