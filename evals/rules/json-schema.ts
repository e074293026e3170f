/**
 * JSON Schema validation with ajv. Schemas come from users, so ajv's own weak spot is closed:
 * its `pattern`/`patternProperties` would run JS RegExp (backtracking, ReDoS on model output);
 * here they run on RE2 (re2js), in linear time. `format` is an annotation only (the 2020-12
 * default; no format vocabulary is loaded).
 */
import Ajv, { type AnySchema, type Options } from "ajv";
import Ajv2019 from "ajv/dist/2019.js";
import Ajv2020 from "ajv/dist/2020.js";
import type { RegExpEngine } from "ajv/dist/types";
import { RE2JS } from "re2js";

const re2Engine: RegExpEngine = Object.assign(
  (pattern: string) => {
    const re = RE2JS.compile(pattern);
    // ajv deduplicates compiled patterns by their toString(), so each must be distinct.
    return { test: (s: string) => re.test(s), toString: () => `re2:${pattern}` };
  },
  { code: "re2js" },
);

// Unknown keywords are errors (a typo must not pass silently); ajv's type/tuple lint only logs,
// and a library does not write to the console.
const OPTIONS: Options = {
  strict: true,
  strictTypes: false,
  strictTuples: false,
  logger: false,
  validateFormats: false,
  code: { regExp: re2Engine },
};

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;
const DRAFT_2019 = /^https:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/;
const DRAFT_2020 = /^https:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

export type JsonValidator = (value: unknown) => string | null;

/** Compiles a schema once; the validator returns null when the value conforms, else why not. */
export function compileJsonSchema(schema: Record<string, unknown> | boolean): JsonValidator {
  const declared = typeof schema === "object" ? schema.$schema : undefined;
  let ajv: Ajv;
  if (declared === undefined || (typeof declared === "string" && DRAFT_2020.test(declared)))
    ajv = new Ajv2020(OPTIONS);
  else if (typeof declared === "string" && DRAFT_2019.test(declared)) ajv = new Ajv2019(OPTIONS);
  else if (typeof declared === "string" && DRAFT_07.test(declared)) ajv = new Ajv(OPTIONS);
  else
    throw new Error(
      `unsupported $schema ${JSON.stringify(declared)}; use draft-07, 2019-09 or 2020-12 (the default)`,
    );
  const validate = ajv.compile(schema as AnySchema);
  return (value) => {
    if (validate(value)) return null;
    const e = validate.errors?.[0];
    return e ? `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}` : "does not match";
  };
}
