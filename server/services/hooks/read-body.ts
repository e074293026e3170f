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
  return Buffer.concat(chunks, total).toString("utf8");
}
