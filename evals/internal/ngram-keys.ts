/**
 * Integer n-gram keys for the per-segment counting hot loops. Each segment gets a small local
 * vocabulary (ids 1..V), and an n-gram becomes the base-(V+1) number of its ids. Digits are
 * never 0, so keys of different orders never collide. When base^maxOrder would pass 2^53 the
 * caller falls back to string keys.
 */
export class LocalVocab {
  private readonly ids = new Map<string, number>();

  reset(): void {
    this.ids.clear();
  }

  id(token: string): number {
    let v = this.ids.get(token);
    if (v === undefined) {
      v = this.ids.size + 1;
      this.ids.set(token, v);
    }
    return v;
  }

  get size(): number {
    return this.ids.size;
  }
}

/** True when every n-gram of order <= maxOrder over a vocabulary of `vocabSize` fits a safe integer. */
export function numericKeysFit(vocabSize: number, maxOrder: number): boolean {
  return Math.pow(vocabSize + 1, maxOrder) < Number.MAX_SAFE_INTEGER;
}
