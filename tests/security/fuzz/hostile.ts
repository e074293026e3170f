// Hostile values for the no-5xx fuzz test, and example values built from JSON Schemas (the OpenAPI
// document's and the tRPC inputs' own), so every field can be sent wrong while the rest is right.

/** An array nested `depth` levels deep. */
function nested(depth: number): unknown {
  let v: unknown = "deep";
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** What an attacker sends in place of a value (JSON-representable, or carried by superjson). */
export const HOSTILE: { name: string; value: unknown }[] = [
  { name: "NUL", value: "a\u0000b" },
  { name: "lone surrogate", value: "x\ud800y" },
  { name: "low surrogate", value: "\udc00" },
  { name: "huge string", value: "x".repeat(2_000_000) },
  { name: "1e300", value: 1e300 },
  { name: "-1e300", value: -1e300 },
  { name: "-0", value: -0 },
  { name: "NaN as text", value: "NaN" },
  { name: "2^53+1", value: 2 ** 53 + 1 },
  // Longer than the longest array any input takes (100,000 metric points).
  { name: "huge array", value: Array.from({ length: 120_000 }, (_, i) => i) },
  { name: "deep nesting", value: nested(3000) },
  { name: "object", value: { $where: "1", __proto__x: { a: 1 } } },
  { name: "true", value: true },
  { name: "null", value: null },
  { name: "percent-encoded traversal", value: "..%2F..%2Fetc%2Fpasswd" },
  { name: "SQL", value: "'; drop table runs; --" },
];

/** The hostile values a field gets: all of them, or, to keep the run short, a rotating few. */
export function hostileFor(index: number, count: number): typeof HOSTILE {
  if (count >= HOSTILE.length) return HOSTILE;
  return Array.from({ length: count }, (_, k) => HOSTILE[(index * count + k) % HOSTILE.length]!);
}

type Schema = Record<string, unknown>;

/** A value that satisfies `schema` as far as a plain generator can (ids come from `ids`). */
export function example(
  schema: Schema | undefined,
  root: Schema,
  ids: Record<string, unknown>,
  key = "",
  depth = 0,
): unknown {
  if (!schema || depth > 8) return null;
  if (key in ids) return ids[key];
  if (typeof schema.$ref === "string") {
    const target = schema.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((o, k) => (o as Schema)?.[k], root) as Schema;
    return example(target, root, ids, key, depth + 1);
  }
  if ("default" in schema) return schema.default;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const k of ["anyOf", "oneOf", "allOf"] as const)
    if (Array.isArray(schema[k]))
      return example((schema[k] as Schema[])[0], root, ids, key, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required as string[]) ?? []);
      return Object.fromEntries(
        Object.entries(props)
          .filter(([k]) => required.has(k) || k in ids)
          .map(([k, s]) => [k, example(s, root, ids, k, depth + 1)]),
      );
    }
    case "array": {
      const n = Math.max(1, Number(schema.minItems ?? 1));
      if (Array.isArray(schema.prefixItems))
        return (schema.prefixItems as Schema[]).map((s) => example(s, root, ids, key, depth + 1));
      return Array.from({ length: n }, () =>
        example(schema.items as Schema, root, ids, key, depth + 1),
      );
    }
    case "integer":
    case "number": {
      const min = Number(schema.minimum ?? schema.exclusiveMinimum ?? 0);
      const max = Number(schema.maximum ?? schema.exclusiveMaximum ?? min + 2);
      const mid = (min + max) / 2;
      return type === "integer" ? Math.ceil(mid) : mid;
    }
    case "boolean":
      return false;
    case "string":
      return schema.format === "date-time" ? new Date().toISOString() : "example";
    default:
      return null;
  }
}
