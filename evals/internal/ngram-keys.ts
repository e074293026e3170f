/**
 * Integer n-gram keys for the per-segment counting hot loops: each segment gets a small local
 * vocabulary (ids 1..V) and an n-gram becomes the base-(V+1) number of its ids. Digits are never
 * 0, so keys of different orders never collide. When base^maxOrder would pass 2^53 the caller
 * falls back to string keys.
 */
export function numericKeysFit(vocabSize: number, maxOrder: number): boolean {
  return (vocabSize + 1) ** maxOrder < Number.MAX_SAFE_INTEGER;
}
