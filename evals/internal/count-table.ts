/**
 * Open-addressing hash table from integer n-gram keys (exact doubles < 2^53) to counts, for the
 * per-segment hot loops: several times faster than Map, and cleared in O(used) between segments.
 * Callers pass a precomputed 32-bit hash with every key.
 */
export class CountTable {
  keys: Float64Array;
  counts: Int32Array;
  /** Second counter per slot (e.g. "already matched" for chrF), reset with resetAux(). */
  aux: Int32Array;
  /** The hash each occupied slot was inserted with, so entries can be moved to another table. */
  hashes: Int32Array;
  private used: Int32Array;
  private nUsed = 0;
  private mask: number;

  constructor(capacityPow2 = 1024) {
    this.keys = new Float64Array(capacityPow2).fill(-1);
    this.counts = new Int32Array(capacityPow2);
    this.aux = new Int32Array(capacityPow2);
    this.hashes = new Int32Array(capacityPow2);
    this.used = new Int32Array(capacityPow2);
    this.mask = capacityPow2 - 1;
  }

  /** Makes room for `n` distinct keys at load factor <= 1/2 and empties the table. */
  reset(n: number): void {
    if (2 * n > this.keys.length) {
      let cap = this.keys.length;
      while (2 * n > cap) cap *= 2;
      this.keys = new Float64Array(cap).fill(-1);
      this.counts = new Int32Array(cap);
      this.aux = new Int32Array(cap);
      this.hashes = new Int32Array(cap);
      this.used = new Int32Array(cap);
      this.mask = cap - 1;
      this.nUsed = 0;
      return;
    }
    const { keys, counts, aux, used } = this;
    for (let i = 0; i < this.nUsed; i++) {
      const s = used[i]!;
      keys[s] = -1;
      counts[s] = 0;
      aux[s] = 0;
    }
    this.nUsed = 0;
  }

  resetAux(): void {
    const { aux, used } = this;
    for (let i = 0; i < this.nUsed; i++) aux[used[i]!] = 0;
  }

  /** Slot of `key`, inserting it with count 0 when absent. */
  slot(key: number, hash: number): number {
    const keys = this.keys,
      mask = this.mask;
    let s = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const k = keys[s]!;
      if (k === key) return s;
      if (k === -1) {
        keys[s] = key;
        this.hashes[s] = hash;
        this.used[this.nUsed++] = s;
        return s;
      }
      s = (s + 1) & mask;
    }
  }

  /** Slot of `key`, or -1 when absent. */
  find(key: number, hash: number): number {
    const keys = this.keys,
      mask = this.mask;
    let s = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const k = keys[s]!;
      if (k === key) return s;
      if (k === -1) return -1;
      s = (s + 1) & mask;
    }
  }

  get size(): number {
    return this.nUsed;
  }

  usedSlot(i: number): number {
    return this.used[i]!;
  }
}

/* Callers hash n-grams incrementally with h = imul(h ^ id, 0x01000193) ^ (id >>> 7) from
 * h = 0x811c9dc5 | 0 (FNV-1a style), inlined in their loops. */
