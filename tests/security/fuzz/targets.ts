import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import superjson from "superjson";
import { z } from "zod";
import { buildOpenApiDocument } from "@/server/api/openapi/build-document";
import { appRouter } from "@/server/root";
import type { FuzzFixture } from "./fixture";
import { example, HOSTILE, hostileFor } from "./hostile";

// What the fuzzer sends: one probe per (route or procedure, field, hostile value). tRPC procedures
// come from the router, /api/v1 operations from the OpenAPI document, every other route handler
// from the files under app/api, so whatever is added later is fuzzed without editing this file.

export type Probe = { label: string; file: string; request: () => Request; params: unknown };

const ROOT = path.resolve(import.meta.dirname, "../../..");
const BASE = "http://127.0.0.1:3000";
/** Hostile values per field (rotating through the list) and for a whole input. */
const PER_FIELD = 3;
const WHOLE = ["null", "huge array", "deep nesting", "NUL", "true"];
const NOT_UTF8 = Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);

type Body = { json?: unknown; raw?: Buffer };
const asText = (v: unknown) => (typeof v === "string" ? v : (JSON.stringify(v) ?? String(v)));
/** A URL cannot carry a lone surrogate (URL parsing turns it into U+FFFD); the handler still gets
 *  the raw value as its route parameter, as it would from a decoded path. */
const enc = (s: string) =>
  encodeURIComponent((s as unknown as { toWellFormed(): string }).toWellFormed());

function req(url: string, method: string, headers: Record<string, string>, body?: Body) {
  const payload = body?.raw
    ? new Uint8Array(body.raw)
    : body && "json" in body
      ? JSON.stringify(body.json)
      : undefined;
  return new Request(url, {
    method,
    headers: {
      ...(payload === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: payload,
  });
}

/** Probes that replace each top-level field of `base` (and then `base` itself) with hostile values. */
function mutations(base: unknown, count = PER_FIELD): { label: string; value: unknown }[] {
  const out: { label: string; value: unknown }[] = [];
  if (base && typeof base === "object" && !Array.isArray(base))
    Object.keys(base).forEach((k, i) => {
      for (const h of hostileFor(i, count))
        out.push({ label: `${k}=${h.name}`, value: { ...(base as object), [k]: h.value } });
    });
  for (const h of HOSTILE.filter((x) => WHOLE.includes(x.name)))
    out.push({ label: `input=${h.name}`, value: h.value });
  return out;
}

/** tRPC's wire format (superjson, which carries -0 and NaN); what superjson cannot walk (deep
 *  nesting) goes as plain JSON, as any client may send it. */
function wire(input: unknown): unknown {
  try {
    return superjson.serialize(input);
  } catch {
    return { json: input };
  }
}

function jsonSchemaOf(schema: unknown): Record<string, unknown> | undefined {
  try {
    return z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as never;
  } catch {
    return undefined;
  }
}

export function trpcProbes(fx: FuzzFixture): Probe[] {
  const file = path.join(ROOT, "app/api/trpc/[trpc]/route.ts");
  const auth = { authorization: `Bearer ${fx.token}` };
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: string; inputs: unknown[] } }
  >;
  const probes: Probe[] = [];
  for (const [name, proc] of Object.entries(procedures)) {
    const schema = jsonSchemaOf(proc._def.inputs[0]);
    const base = schema ? example(schema, schema, fx.ids) : undefined;
    const url = `${BASE}/api/trpc/${name}`;
    const send = (input: unknown) =>
      proc._def.type === "query"
        ? req(`${url}?input=${encodeURIComponent(JSON.stringify(wire(input)))}`, "GET", auth)
        : req(url, "POST", auth, { json: wire(input) });
    for (const m of mutations(base))
      probes.push({
        label: `trpc ${name} ${m.label}`,
        file,
        params: {},
        request: () => send(m.value),
      });
    if (proc._def.type === "mutation")
      probes.push({
        label: `trpc ${name} body=not UTF-8`,
        file,
        params: {},
        request: () => req(url, "POST", auth, { raw: NOT_UTF8 }),
      });
  }
  return probes;
}

export function restProbes(fx: FuzzFixture): Probe[] {
  const doc = buildOpenApiDocument() as unknown as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
          requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
        }
      >
    >;
  };
  const auth = { authorization: `Bearer ${fx.token}` };
  const probes: Probe[] = [];
  for (const [route, methods] of Object.entries(doc.paths)) {
    const file = path.join(ROOT, "app/api/v1", route.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
    const id = route.startsWith("/runs") ? fx.ids.runId : fx.ids.experimentId;
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const pathBase = Object.fromEntries(
        params.filter((p) => p.in === "path").map((p) => [p.name, id]),
      );
      const query = Object.fromEntries(
        params
          .filter((p) => p.in === "query")
          .map((p) => [p.name, example(p.schema, doc, fx.ids, p.name)]),
      );
      const bodySchema = op.requestBody?.content["application/json"]?.schema;
      const body = bodySchema ? example(bodySchema, doc as never, fx.ids) : undefined;
      const send = (p: Record<string, unknown>, q: Record<string, unknown>, b?: Body) => {
        const url = `${BASE}/api/v1${route.replace(/\{(\w+)\}/g, (_, k) => enc(asText(p[k])))}`;
        const search = new URLSearchParams(
          Object.entries(q)
            .filter(([, v]) => v != null)
            .map(([k, v]) => [k, asText(v)]),
        );
        return {
          url: `${url}${search.size ? `?${search}` : ""}`,
          params: Object.fromEntries(Object.entries(p).map(([k, v]) => [k, asText(v)])),
          b,
        };
      };
      const add = (
        label: string,
        p: Record<string, unknown>,
        q: Record<string, unknown>,
        b?: Body,
      ) => {
        const s = send(p, q, b);
        probes.push({
          label: `${method.toUpperCase()} ${route} ${label}`,
          file,
          params: s.params,
          request: () => req(s.url, method.toUpperCase(), auth, s.b),
        });
      };
      const bodyOf = (v: unknown): Body | undefined => (bodySchema ? { json: v } : undefined);
      for (const m of mutations(pathBase))
        if (!m.label.startsWith("input="))
          add(m.label, m.value as Record<string, unknown>, query, bodyOf(body));
      for (const m of mutations(query))
        if (!m.label.startsWith("input="))
          add(m.label, pathBase, m.value as Record<string, unknown>, bodyOf(body));
      if (bodySchema) {
        for (const m of mutations(body)) add(`body.${m.label}`, pathBase, query, { json: m.value });
        add("body=not UTF-8", pathBase, query, { raw: NOT_UTF8 });
      }
    }
  }
  return probes;
}

export type RouteShape = {
  body?: unknown;
  query?: Record<string, string>;
  /** Headers that authenticate `body` (hook signatures). */
  sign?: (body: string) => Record<string, string>;
};

/** The other route handlers under app/api (hooks, downloads, streams, sign-in): every path
 *  parameter, and the query and body fields `shapes` describes, get hostile values. */
export function otherRouteProbes(fx: FuzzFixture, shapes: Record<string, RouteShape>): Probe[] {
  const probes: Probe[] = [];
  const auth = { authorization: `Bearer ${fx.token}` };
  for (const { route, file, methods } of routeFiles(path.join(ROOT, "app/api"))) {
    if (route.startsWith("/api/v1") || route.startsWith("/api/trpc")) continue;
    const keys = [...route.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((m) => m[1]!);
    const paramOf = (k: string) =>
      k === "project"
        ? fx.projectId
        : k === "all"
          ? ["sign-in", "email"]
          : route.includes("reviews")
            ? fx.ids.campaignId
            : fx.runId;
    const baseParams = Object.fromEntries(keys.map((k) => [k, paramOf(k)]));
    for (const method of methods) {
      const shape = shapes[`${method} ${route}`] ?? {};
      const baseBody = method === "POST" ? (shape.body ?? {}) : undefined;
      const send = (
        params: Record<string, unknown>,
        query: Record<string, unknown>,
        body: Body | undefined,
      ) => {
        const where = route.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, k) =>
          [params[k]]
            .flat()
            .map((v) => enc(asText(v)))
            .join("/"),
        );
        const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, asText(v)]));
        const text = body && "json" in body ? JSON.stringify(body.json) : undefined;
        const headers = { ...auth, ...(shape.sign && text ? shape.sign(text) : {}) };
        const url = `${BASE}${where}${search.size ? `?${search}` : ""}`;
        const pathParams = Object.fromEntries(
          Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.map(asText) : asText(v)]),
        );
        return { params: pathParams, request: () => req(url, method, headers, body) };
      };
      const add = (label: string, sent: ReturnType<typeof send>) =>
        probes.push({ label: `${method} ${route} ${label}`, file, ...sent });
      const query = shape.query ?? {};
      const body = baseBody === undefined ? undefined : { json: baseBody };
      for (const m of mutations(baseParams).filter((m) => !m.label.startsWith("input=")))
        add(m.label, send(m.value as Record<string, unknown>, query, body));
      for (const m of mutations(query).filter((m) => !m.label.startsWith("input=")))
        add(`?${m.label}`, send(baseParams, m.value as Record<string, unknown>, body));
      if (method !== "POST") continue;
      for (const m of mutations(baseBody))
        add(`body.${m.label}`, send(baseParams, query, { json: m.value }));
      add("body=not UTF-8", send(baseParams, query, { raw: NOT_UTF8 }));
    }
  }
  return probes;
}

/** Every route.ts under `dir`: its URL pattern and the HTTP methods it exports. */
export function routeFiles(
  dir: string,
  prefix = "/api",
): { route: string; file: string; methods: string[] }[] {
  const out: { route: string; file: string; methods: string[] }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFiles(full, `${prefix}/${entry.name}`));
    else if (entry.name === "route.ts") {
      const source = readFileSync(full, "utf8");
      const methods = [
        ...source.matchAll(
          /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b|export const \{ (GET), (POST) \}/g,
        ),
      ].flatMap((m) => m.slice(1).filter(Boolean));
      out.push({ route: prefix, file: full, methods });
    }
  }
  return out;
}
