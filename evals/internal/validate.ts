/** Input checks shared by every metric: errors name the problem and where it is. */

export function assertKnownOptions(
  where: string,
  options: object | undefined,
  allowed: readonly string[],
): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object")
    throw new TypeError(`${where}: options must be an object, got ${typeof options}`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `${where}: unknown option ${JSON.stringify(key)}; allowed options are ${allowed.join(", ")}`,
      );
    }
  }
}

export function assertOneOf<T extends string>(
  where: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new TypeError(
      `${where}: option ${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
}

export function assertPositiveInt(
  where: string,
  name: string,
  value: unknown,
): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new TypeError(
      `${where}: option ${name} must be a positive integer, got ${JSON.stringify(value)}`,
    );
  }
}

export function assertStringArray(
  where: string,
  name: string,
  values: unknown,
): asserts values is string[] {
  if (!Array.isArray(values))
    throw new TypeError(`${where}: ${name} must be an array of strings, got ${typeof values}`);
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== "string") {
      throw new TypeError(`${where}: ${name}[${i}] must be a string, got ${describe(values[i])}`);
    }
  }
}

/** hypotheses: string[]; references: streams, each as long as hypotheses; null marks a missing reference. */
export function assertCorpus(
  where: string,
  hypotheses: unknown,
  references: unknown,
): asserts references is (string | null)[][] {
  assertStringArray(where, "hypotheses", hypotheses);
  if (hypotheses.length === 0) throw new RangeError(`${where}: empty corpus (no hypotheses)`);
  if (!Array.isArray(references) || references.length === 0) {
    throw new TypeError(
      `${where}: references must be a non-empty array of reference streams (references[k][i] = k-th reference of segment i)`,
    );
  }
  references.forEach((stream, k) => {
    if (!Array.isArray(stream))
      throw new TypeError(
        `${where}: reference stream ${k} must be an array, got ${describe(stream)}`,
      );
    if (stream.length !== hypotheses.length) {
      throw new RangeError(
        `${where}: reference stream ${k} has ${stream.length} segments but there are ${hypotheses.length} hypotheses`,
      );
    }
    for (let i = 0; i < stream.length; i++) {
      const r = stream[i];
      if (r !== null && typeof r !== "string") {
        throw new TypeError(
          `${where}: references[${k}][${i}] must be a string or null, got ${describe(r)}`,
        );
      }
    }
  });
  for (let i = 0; i < hypotheses.length; i++) {
    if (references.every((stream) => (stream as unknown[])[i] === null)) {
      throw new RangeError(`${where}: segment ${i} has no reference (null in every stream)`);
    }
  }
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}
