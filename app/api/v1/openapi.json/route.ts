// GET /api/v1/openapi.json – the OpenAPI 3.1 document of this API, generated from its zod schemas
import { buildOpenApiDocument } from "@/server/api/openapi/build-document";

export const runtime = "nodejs";

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

export function GET(): Response {
  cached ??= buildOpenApiDocument();
  return Response.json(cached, { headers: { "cache-control": "public, max-age=300" } });
}
