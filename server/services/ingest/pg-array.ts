import { type SQL, sql } from "drizzle-orm";

/**
 * A Postgres array literal bound as ONE text parameter. drizzle expands a JS array in `sql` into
 * one parameter per element, which is slow past a few thousand values and breaks `= ANY(...)`.
 */
export function pgArrayLiteral(values: readonly (string | number)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (i > 0) out += ",";
    out += typeof v === "number" ? String(v) : `"${v.replace(/["\\]/g, "\\$&")}"`;
  }
  return `${out}}`;
}

export const textArray = (values: readonly string[]): SQL => sql`${pgArrayLiteral(values)}::text[]`;
export const intArray = (values: readonly number[]): SQL => sql`${pgArrayLiteral(values)}::int[]`;
export const floatArray = (values: readonly number[]): SQL =>
  sql`${pgArrayLiteral(values)}::float8[]`;
