import { z } from "zod";
import { ApiError } from "../schemas";
import { OPERATIONS, type Operation } from "./operations";

type JsonSchema = Record<string, unknown>;

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) from zod; requests as the client sends them
 *  (defaults make fields optional), responses as the server returns them. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

const ERRORS: Record<number, string> = {
  400: "Invalid input: `error.issues` lists each field's path and problem",
  401: "No valid API token or session",
  403: "The token lacks the scope, or the caller's role may not do this",
  404: "Not found in the caller's project",
  409: "The entity's state does not allow this (e.g. evaluating a run that has not finished training)",
};

const errorResponses = (op: Operation) => {
  const codes =
    op.scope === null ? [] : [400, 401, 403, 404, ...(op.method === "post" ? [409] : [])];
  return Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description: ERRORS[c],
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );
};

/** The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the handlers validate with. */
export function buildOpenApiDocument(serverUrl = "/api/v1") {
  const components: Record<string, JsonSchema> = { Error: jsonSchema(ApiError, "output") };
  const ref = (name: string, schema: z.ZodType, io: "input" | "output") => {
    components[name] ??= jsonSchema(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters = [
      ...Object.entries(op.pathParams?.shape ?? {}).map(([name, s]) => ({
        name,
        in: "path",
        required: true,
        description: (s as z.ZodType).description,
        schema: jsonSchema(s as z.ZodType, "input"),
      })),
      ...Object.entries(op.query?.shape ?? {}).map(([name, s]) => {
        const schema = jsonSchema(s as z.ZodType, "input");
        return {
          name,
          in: "query",
          required: !(s as z.ZodType).safeParse(undefined).success,
          ...(schema.description ? { description: schema.description } : {}),
          schema,
        };
      }),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      const content = r.content
        ? Object.fromEntries(
            Object.entries(r.content).map(([type, s]) => [
              type,
              { schema: jsonSchema(s, "output") },
            ]),
          )
        : {
            "application/json": {
              schema: r.component
                ? ref(r.component, r.schema!, "output")
                : jsonSchema(r.schema!, "output"),
            },
          };
      responses[status] = { description: r.description, content };
    }
    Object.assign(responses, errorResponses(op));
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(op.scope === null
        ? { security: [] }
        : {
            description: `Token scope: \`${op.scope}\`. Roles: ${op.roles!.join(", ")}.`,
            "x-tunebench-scope": op.scope,
          }),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": { schema: ref(op.body.component, op.body.schema, "input") },
              },
            },
          }
        : {}),
      ...(op.upload
        ? {
            requestBody: {
              required: true,
              description: op.upload.description,
              content: Object.fromEntries(
                op.upload.mediaTypes.map((t) => [
                  t,
                  { schema: { type: "string", contentMediaType: t } },
                ]),
              ),
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Tunebench API",
      version: "1.0.0",
      description:
        "REST API for scripts and CI: create experiments, follow runs, read leaderboards, request evaluations, check regression gates. Authenticate with an API token: `Authorization: Bearer tb_…` (create one under Settings → API tokens).",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "experiments", description: "Experiments, leaderboards, exports" },
      { name: "runs", description: "Runs, evaluations, metric ingestion" },
      { name: "datasets", description: "Dataset uploads" },
      { name: "reviews", description: "Human review campaigns: their verdicts as preference data" },
      { name: "gates", description: "Regression gate verdicts" },
      { name: "judges", description: "LLM judges (versioned project settings)" },
      { name: "backups", description: "Snapshots of the database and runs folder (admins)" },
      { name: "meta", description: "This document" },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An API token (tb_…) with the read and/or write scope",
        },
      },
    },
  };
}
