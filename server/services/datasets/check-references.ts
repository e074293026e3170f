import type { Err } from "./check-messages";

// A chat or prompt/completion line may carry `references`: more correct answers to score outputs
// against besides the one it trains on (the last assistant turn, or `completion`). Multi-reference
// BLEU, chrF and ROUGE use them all (sacreBLEU's reference streams; rouge-score's best match).

export const MAX_EXTRA_REFERENCES = 16;

/** The line's extra references, undefined when it has none; null (with errors) when invalid. */
export function checkReferences(value: unknown, err: Err): string[] | undefined | null {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_EXTRA_REFERENCES) {
    err("references", `must be an array of 1 to ${MAX_EXTRA_REFERENCES} reference answers`);
    return null;
  }
  let ok = true;
  value.forEach((r, i) => {
    if (typeof r !== "string" || !r.trim()) {
      ok = false;
      err(`references[${i}]`, "must be a non-empty string");
    }
  });
  return ok ? (value as string[]) : null;
}
