import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packFloat64, packInt32, unpackFloat64, unpackInt32 } from "@/server/services/metric-store";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

// The packed arrays must be exactly PostgreSQL's own binary send format (int4send, float8send),
// which the migration of old rows and SQL-built fixtures produce.
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t?.close());

const floats = [
  0,
  -0,
  1.5,
  -2.25e-308,
  5e-324,
  1.7976931348623157e308,
  Math.PI,
  1e-300,
  -123456.789,
];
const ints = [0, 1, -1, 999, 2_147_483_647, -2_147_483_648, 123_456];

// String(-0) is "0": spell negative zero out so PostgreSQL receives it.
const literal = (values: number[]) =>
  `{${values.map((v) => (Object.is(v, -0) ? "-0" : String(v))).join(",")}}`;

async function fromPostgres(type: "int4" | "float8", values: number[]): Promise<string> {
  const send = type === "int4" ? sql`int4send(v)` : sql`float8send(v)`;
  const { rows } = await t.db.execute<{ b: string }>(sql`
    SELECT encode(string_agg(${send}, ''::bytea ORDER BY o), 'base64') AS b
    FROM unnest(${literal(values)}::${sql.raw(type)}[]) WITH ORDINALITY AS u(v, o)`);
  return rows[0]!.b;
}

describe("metric chunk codec", () => {
  it("packs exactly as int4send and float8send do", async () => {
    const strip = (b64: string) => b64.replace(/\s/g, "");
    expect(packInt32(ints)).toBe(strip(await fromPostgres("int4", ints)));
    expect(packFloat64(floats)).toBe(strip(await fromPostgres("float8", floats)));
  });

  it("unpacks PostgreSQL's bytes (with its base64 line breaks) to the same numbers", async () => {
    const many = Array.from({ length: 1000 }, (_, i) => i * 1.1 - 300);
    const back = unpackFloat64(await fromPostgres("float8", many));
    expect([...back]).toEqual(many);
    expect([...unpackFloat64(await fromPostgres("float8", floats))]).toEqual(floats);
    expect([...unpackInt32(await fromPostgres("int4", ints))]).toEqual(ints);
    expect(Object.is(unpackFloat64(packFloat64([-0]))[0], -0)).toBe(true);
  });
});
