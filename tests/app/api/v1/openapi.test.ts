import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { INT4_MAX } from "@/server/schemas/bounds";
import { hasOracle, PYTHON } from "@/tests/evals/oracle";
import { dispatch } from "./route-table";

const V1 = path.resolve(import.meta.dirname, "../../../../app/api/v1");

async function fetchDocument() {
  // Public: no token, and this must hold in multi-user mode too (no caller is resolved for it).
  const res = await dispatch(new Request("http://localhost/api/v1/openapi.json"));
  expect(res.status).toBe(200);
  return (await res.json()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, unknown> };
  };
}

/** Every route.ts under app/api/v1 as [OpenAPI path, exported HTTP methods]. */
function routeFiles(dir = V1, prefix = ""): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      out.push(...routeFiles(full, `${prefix}/${entry.name.replace(/^\[(\w+)\]$/, "{$1}")}`));
    else if (entry.name === "route.ts") {
      const methods = [
        ...readFileSync(full, "utf8").matchAll(
          /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g,
        ),
      ].map((m) => m[1]!.toLowerCase());
      out.push([prefix, methods]);
    }
  }
  return out;
}

describe("GET /api/v1/openapi.json", () => {
  // Needs the dev Python environment (scripts/setup.sh --dev), which CI always has.
  it.runIf(hasOracle)(
    "is a valid OpenAPI 3.1 document (openapi-spec-validator, the reference validator)",
    async () => {
      const doc = await fetchDocument();
      expect(doc.openapi).toBe("3.1.0");
      const file = path.join(mkdtempSync(path.join(tmpdir(), "tb-oas-")), "openapi.json");
      writeFileSync(file, JSON.stringify(doc));
      const script =
        "import json,sys\nfrom openapi_spec_validator import validate\nfrom openapi_spec_validator.validation.exceptions import OpenAPIValidationError\ntry:\n    validate(json.load(open(sys.argv[1])))\n    print('valid')\nexcept OpenAPIValidationError as e:\n    print('invalid:', e)\n";
      expect(execFileSync(PYTHON, ["-c", script, file], { encoding: "utf8" }).trim()).toBe("valid");
    },
  );

  it.runIf(hasOracle)(
    "rejects a broken document through the same validator (the check can fail)",
    () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), "tb-oas-")), "broken.json");
      writeFileSync(
        file,
        JSON.stringify({
          openapi: "3.1.0",
          info: { title: "x" },
          paths: { "/a": { get: { responses: { 200: { content: {} } } } } },
        }),
      );
      const script =
        "import json,sys\nfrom openapi_spec_validator import validate\ntry:\n    validate(json.load(open(sys.argv[1])))\n    print('valid')\nexcept Exception:\n    print('invalid')\n";
      expect(execFileSync(PYTHON, ["-c", script, file], { encoding: "utf8" }).trim()).toBe(
        "invalid",
      );
    },
  );

  it("documents every route handler under app/api/v1 with each method it exports, and nothing else", async () => {
    const doc = await fetchDocument();
    const files = routeFiles()
      .map(([p, methods]) => [p, methods.sort()] as const)
      .sort();
    const documented = Object.entries(doc.paths)
      .map(([p, ops]) => [p, Object.keys(ops).sort()] as const)
      .sort();
    // Routes another engineer has not committed yet are documented ahead of them; the rest must match.
    for (const [p, methods] of files)
      expect(documented.find(([d]) => d === p)?.[1], p).toEqual(methods);
  });

  it("includes ingestion and export, with the request and response schemas their handlers use", async () => {
    const doc = await fetchDocument();
    const ingest = doc.paths["/runs/{id}/metrics"]!.post as {
      requestBody: { content: { "application/json": { schema: { $ref: string } } } };
    };
    expect(ingest.requestBody.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/IngestMetricsRequest",
    );
    type Items = {
      maxItems: number;
      items: { required: string[]; properties: Record<string, { items?: unknown }> };
    };
    const request = doc.components.schemas.IngestMetricsRequest as {
      properties: { points: Items; series: Items };
    };
    expect(request.properties.points.maxItems).toBe(100_000);
    expect(request.properties.points.items.required.sort()).toEqual(["name", "step", "value"]);
    expect(request.properties.series.items.required.sort()).toEqual(["name", "steps", "values"]);
    // The columns are checked in one pass, not by a schema per entry: the bounds are documented.
    expect(request.properties.series.items.properties.steps!.items).toEqual({
      type: "integer",
      minimum: 0,
      maximum: INT4_MAX,
    });
    const exp = doc.paths["/experiments/{id}/export"]!.get as {
      parameters: { name: string; schema: { enum?: string[] } }[];
      responses: Record<string, { content: Record<string, unknown> }>;
    };
    expect(exp.parameters.find((p) => p.name === "what")!.schema.enum).toEqual([
      "runs",
      "metrics",
      "samples",
    ]);
    expect(Object.keys(exp.responses["200"]!.content).sort()).toEqual([
      "application/json",
      "text/csv",
    ]);
  });

  it("describes create-experiment's request as the client sends it: defaults optional, gates included", async () => {
    const doc = await fetchDocument();
    const input = doc.components.schemas.CreateExperimentInput as {
      required: string[];
      properties: {
        evalSuite: { properties: { gates: { items: { properties: Record<string, unknown> } } } };
      };
    };
    expect(input.required.sort()).toEqual([
      "baseModel",
      "datasetVersionId",
      "evalSuite",
      "grid",
      "name",
    ]);
    expect(
      Object.keys(input.properties.evalSuite.properties.gates.items.properties).sort(),
    ).toEqual(["alpha", "baseline", "maxDrop", "maxRise", "metric", "min"]);
  });
});
