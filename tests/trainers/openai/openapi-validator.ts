import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import { parse } from "yaml";

// Validates request bodies against the official OpenAI OpenAPI document (openai/openai-openapi
// f85dbe22, MIT, copied next to this file with its LICENSE) with Ajv's JSON Schema 2020-12
// dialect, which OpenAPI 3.1 uses. The document still carries OpenAPI 3.0 keywords (`nullable`,
// boolean `exclusiveMinimum`), which are rewritten to their 2020-12 forms before compiling.

const SPEC = path.join(path.dirname(new URL(import.meta.url).pathname), "openai-openapi.yaml");

/** `nullable: true` → add "null" to `type`; boolean exclusiveMinimum/Maximum → the numeric form. */
function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (!node || typeof node !== "object") return node;
  const o: Record<string, unknown> = Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, normalise(v)]),
  );
  if (o.nullable === true) {
    if (typeof o.type === "string") o.type = [o.type, "null"];
    else if (!o.type && (o.anyOf || o.oneOf || o.allOf || o.$ref))
      return { anyOf: [{ ...o, nullable: undefined }, { type: "null" }] };
  }
  for (const [ex, plain] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (typeof o[ex] === "boolean") {
      if (o[ex] && typeof o[plain] === "number") {
        o[ex] = o[plain];
        delete o[plain];
      } else delete o[ex];
    }
  }
  delete o.nullable;
  // Operation schemas are compiled on their own, so their refs must name the registered document.
  if (typeof o.$ref === "string" && o.$ref.startsWith("#/")) o.$ref = `openai${o.$ref}`;
  return o;
}

export type Operation = { method: string; path: string; template: string; contentTypes: string[] };

export class OpenAIRequestValidator {
  private readonly ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  private readonly paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content: Record<string, { schema: unknown }> };
        parameters?: { in: string; name: string }[];
      }
    >
  >;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    const doc = normalise(parse(readFileSync(SPEC, "utf8"), { maxAliasCount: -1 })) as {
      paths: OpenAIRequestValidator["paths"];
      components: unknown;
    };
    this.paths = doc.paths;
    this.ajv.addSchema({ $id: "openai", components: doc.components });
  }

  /** The spec's path template for a concrete path (`/fine_tuning/jobs/ftjob-1` → `/fine_tuning/jobs/{fine_tuning_job_id}`). */
  template(method: string, urlPath: string): string | null {
    const parts = urlPath.split("/");
    for (const t of Object.keys(this.paths)) {
      const tp = t.split("/");
      if (
        tp.length === parts.length &&
        tp.every((seg, i) => seg.startsWith("{") || seg === parts[i]) &&
        this.paths[t]![method.toLowerCase()]
      )
        return t;
    }
    return null;
  }

  /** Problems with one request, as readable strings; empty when it matches the spec. */
  check(
    method: string,
    urlPath: string,
    contentType: string,
    body: unknown,
    query: string[] = [],
  ): string[] {
    const t = this.template(method, urlPath);
    if (!t) return [`${method} ${urlPath}: no such operation in the OpenAI spec`];
    const op = this.paths[t]![method.toLowerCase()]!;
    // deepObject parameters arrive as name[key]=value
    const known = new Set((op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name));
    const unknown = query.map((q) => q.split("[")[0]!).filter((q) => !known.has(q));
    if (unknown.length)
      return [
        `${method} ${t}: query parameter(s) ${unknown.join(", ")} not in the spec (${[...known].join(", ") || "none"})`,
      ];
    if (!op.requestBody)
      return body === undefined ? [] : [`${method} ${t}: the spec defines no request body`];
    const type = contentType.split(";")[0]!.trim();
    const media = op.requestBody.content[type];
    if (!media)
      return [
        `${method} ${t}: content type ${type} is not one of ${Object.keys(op.requestBody.content).join(", ")}`,
      ];
    const key = `${method} ${t} ${type}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(media.schema as object);
      this.cache.set(key, validate);
    }
    return validate(body)
      ? []
      : (validate.errors ?? []).map(
          (e) =>
            `${method} ${t}: ${e.instancePath || "body"} ${e.message} ${JSON.stringify(e.params)}`,
        );
  }
}
