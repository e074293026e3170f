import Ajv2020 from "ajv/dist/2020.js";
import { buildOpenApiDocument } from "@/server/api/openapi/build-document";

/** Checks a real response body against the documented response schema of (method, path, status). */
export function responseValidator() {
  const doc = buildOpenApiDocument();
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  for (const [name, schema] of Object.entries(doc.components.schemas))
    ajv.addSchema(schema, `#/components/schemas/${name}`);
  return (method: string, path: string, status: number, body: unknown): string[] => {
    const op = (
      doc.paths[path] as
        | Record<
            string,
            {
              responses: Record<
                string,
                { content: Record<string, { schema: Record<string, unknown> }> }
              >;
            }
          >
        | undefined
    )?.[method];
    const schema = op?.responses[String(status)]?.content["application/json"]?.schema;
    if (!schema)
      return [`${method.toUpperCase()} ${path} documents no JSON response for ${status}`];
    const ref = schema.$ref as string | undefined;
    const validate = ref ? ajv.getSchema(ref)! : ajv.compile(schema);
    return validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
