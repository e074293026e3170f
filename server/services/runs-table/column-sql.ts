import { type SQL, sql } from "drizzle-orm";
import { badRequest } from "@/server/errors";
import type { RunsTableFilter } from "@/server/schemas/runs-table";

/**
 * SQL for one runs-table column key. Hyperparameters and metrics live in jsonb (runs.hyperparams,
 * runs.summary); names are bound parameters, never spliced into the SQL text. `value` is the
 * expression to sort and group by (jsonb sorts numbers numerically), `num` a numeric view for
 * lt/gt (null where the value is not a number), `text` a text view for contains.
 */
export type ColumnSql = {
  value: SQL;
  num: SQL;
  text: SQL;
  kind: "jsonb" | "number" | "text" | "date" | "tags";
};

export function columnSql(key: string): ColumnSql {
  if (key.startsWith("param.")) {
    const name = key.slice("param.".length);
    const v = sql`(r.hyperparams -> ${name}::text)`;
    return {
      value: v,
      num: sql`(CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v})::numeric END)`,
      text: sql`(r.hyperparams ->> ${name}::text)`,
      kind: "jsonb",
    };
  }
  if (key.startsWith("metric.")) {
    const name = key.slice("metric.".length);
    const n = sql`(CASE WHEN jsonb_typeof(r.summary -> ${name}::text) = 'number' THEN (r.summary -> ${name}::text)::float8 END)`;
    return { value: n, num: n, text: sql`(r.summary ->> ${name}::text)`, kind: "number" };
  }
  switch (key) {
    case "status":
      return {
        value: sql`(r.status::text)`,
        num: sql`(NULL::numeric)`,
        text: sql`(r.status::text)`,
        kind: "text",
      };
    case "tag":
      return {
        value: sql`array_to_string(r.tags, ',')`,
        num: sql`(NULL::numeric)`,
        text: sql`array_to_string(r.tags, ',')`,
        kind: "tags",
      };
    case "meta.name":
      return { value: sql`r.name`, num: sql`(NULL::numeric)`, text: sql`r.name`, kind: "text" };
    case "meta.index":
      return {
        value: sql`r.index`,
        num: sql`(r.index::numeric)`,
        text: sql`(r.index::text)`,
        kind: "number",
      };
    case "meta.createdAt":
      return {
        value: sql`r.created_at`,
        num: sql`(extract(epoch from r.created_at) * 1000)`,
        text: sql`(r.created_at::text)`,
        kind: "date",
      };
    case "meta.finishedAt":
      return {
        value: sql`r.finished_at`,
        num: sql`(extract(epoch from r.finished_at) * 1000)`,
        text: sql`(r.finished_at::text)`,
        kind: "date",
      };
    case "meta.cost": {
      const n = sql`(CASE WHEN jsonb_typeof(r.cost -> 'usd') = 'number' THEN (r.cost -> 'usd')::float8 END)`;
      return { value: n, num: n, text: sql`(r.cost ->> 'usd')`, kind: "number" };
    }
    case "meta.peakMem":
      return {
        value: sql`r.peak_mem_bytes`,
        num: sql`(r.peak_mem_bytes::numeric)`,
        text: sql`(r.peak_mem_bytes::text)`,
        kind: "number",
      };
  }
  throw badRequest(`Unknown column key "${key}".`);
}

/** A date filter value may be an ISO string or milliseconds; numbers compare as they are. */
function numericValue(col: ColumnSql, value: unknown, where: string): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (col.kind === "date" && typeof value === "string" && !Number.isNaN(Date.parse(value)))
    return Date.parse(value);
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  throw badRequest(
    `${where}: "lt"/"gt" need a number${col.kind === "date" ? " or a date" : ""}, got ${JSON.stringify(value)}.`,
  );
}

function equals(key: string, col: ColumnSql, value: unknown, where: string): SQL {
  if (value === null) return sql`${col.value} IS NULL`;
  if (col.kind === "tags") {
    if (typeof value !== "string") throw badRequest(`${where}: a tag is a string.`);
    return sql`r.tags @> ARRAY[${value}::text]`;
  }
  if (
    typeof value === "number" ||
    (col.kind === "number" &&
      typeof value === "string" &&
      value.trim() !== "" &&
      Number.isFinite(Number(value)))
  ) {
    return sql`${col.num} = ${Number(value)}`;
  }
  if (col.kind === "jsonb") {
    // Strings typed for a number column ("0.0001") still match the number 1e-4.
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
      return sql`(${col.value} = ${JSON.stringify(value)}::jsonb OR ${col.num} = ${Number(value)})`;
    }
    return sql`${col.value} = ${JSON.stringify(value)}::jsonb`;
  }
  if (col.kind === "date") return sql`${col.num} = ${numericValue(col, value, where)}`;
  if (typeof value !== "string" && typeof value !== "boolean")
    throw badRequest(`${where}: cannot compare ${key} with ${JSON.stringify(value)}.`);
  return sql`${col.text} = ${String(value)}`;
}

export function filterSql(f: RunsTableFilter, i: number): SQL {
  const col = columnSql(f.key);
  const where = `filters[${i}] (${f.key} ${f.op})`;
  switch (f.op) {
    case "eq":
      return equals(f.key, col, f.value, where);
    case "neq":
      return sql`NOT coalesce(${equals(f.key, col, f.value, where)}, false)`;
    case "lt":
      return sql`${col.num} < ${numericValue(col, f.value, where)}`;
    case "gt":
      return sql`${col.num} > ${numericValue(col, f.value, where)}`;
    case "contains": {
      if (typeof f.value !== "string" && typeof f.value !== "number")
        throw badRequest(`${where}: "contains" needs a string.`);
      const pattern = `%${String(f.value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      if (col.kind === "tags")
        return sql`EXISTS (SELECT 1 FROM unnest(r.tags) t WHERE t ILIKE ${pattern})`;
      return sql`${col.text} ILIKE ${pattern}`;
    }
    case "in": {
      if (!Array.isArray(f.value) || f.value.length === 0 || f.value.length > 1000)
        throw badRequest(`${where}: "in" needs a list of 1 to 1,000 values.`);
      return sql`(${sql.join(
        f.value.map((v) => equals(f.key, col, v, where)),
        sql` OR `,
      )})`;
    }
  }
}
