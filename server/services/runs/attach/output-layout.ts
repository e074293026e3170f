import {
  closeSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { AttachProblem } from "./limits";

export type OutputLayout = "adapter" | "model";

const MODEL_INDEX = "model.safetensors.index.json";
const TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json"];
/** safetensors' own cap on its JSON header (safetensors/src/tensor.rs MAX_HEADER_SIZE). */
const MAX_SAFETENSORS_HEADER = 100_000_000;

/**
 * The folder an archive or an S3 prefix unpacked to, if it holds a single folder and nothing else
 * (`tar czf out.tgz adapter/` writes one): the files are read from inside it.
 */
export function outputRoot(dir: string): string {
  const entries = readdirSync(dir, { withFileTypes: true });
  return entries.length === 1 && entries[0]!.isDirectory() ? path.join(dir, entries[0]!.name) : dir;
}

/**
 * What a folder holds, checked before anything is kept or evaluated: a PEFT adapter
 * (adapter_config.json + adapter_model.safetensors, what the local worker and PEFT write) or a
 * transformers model folder (config.json, a tokenizer and safetensors weights: model.safetensors,
 * or the shards its index names). JSON files must parse and every safetensors file must start with
 * a well-formed header, so a truncated upload is refused here rather than failing its evaluation.
 * Throws AttachProblem naming what is missing or broken.
 */
export function outputLayout(dir: string): OutputLayout {
  // lstat: a symlink is not a file here, so nothing outside the folder is read through one.
  const has = (name: string) =>
    lstatSync(path.join(dir, name), { throwIfNoEntry: false })?.isFile() ?? false;
  if (has("adapter_config.json") || has("adapter_model.safetensors")) {
    const missing = ["adapter_config.json", "adapter_model.safetensors"].filter((f) => !has(f));
    if (missing.length)
      throw new AttachProblem(`a PEFT adapter folder needs ${missing.join(" and ")}`);
    readJsonObject(dir, "adapter_config.json");
    checkSafetensors(dir, "adapter_model.safetensors");
    return "adapter";
  }
  if (!has("config.json"))
    throw new AttachProblem(
      "neither a PEFT adapter (adapter_config.json + adapter_model.safetensors) nor a transformers model folder (config.json + *.safetensors)",
    );
  readJsonObject(dir, "config.json");
  if (!TOKENIZER_FILES.some(has))
    throw new AttachProblem(
      "a model folder needs its tokenizer (tokenizer.json or tokenizer_config.json): generation loads it from the folder",
    );
  const shards = has(MODEL_INDEX)
    ? [...new Set(Object.values(weightMap(dir)))]
    : readdirSync(dir).filter((f) => f.endsWith(".safetensors"));
  if (shards.length === 0)
    throw new AttachProblem("a model folder needs its weights as *.safetensors (none found)");
  for (const shard of shards) {
    if (!has(shard)) throw new AttachProblem(`${MODEL_INDEX} names ${shard}, which is missing`);
    checkSafetensors(dir, shard);
  }
  return "model";
}

function readJsonObject(dir: string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path.join(dir, name), "utf8"));
  } catch {
    // The parser's message quotes the file: not echoed, whatever the file holds.
    throw new AttachProblem(`${name} is not valid JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new AttachProblem(`${name} must hold a JSON object`);
  return value as Record<string, unknown>;
}

function weightMap(dir: string): Record<string, string> {
  const map = readJsonObject(dir, MODEL_INDEX).weight_map;
  const ok =
    typeof map === "object" &&
    map !== null &&
    Object.values(map).every((f) => typeof f === "string" && /^[\w.-]+\.safetensors$/.test(f));
  if (!ok)
    throw new AttachProblem(
      `${MODEL_INDEX}: weight_map must map tensor names to .safetensors files in the folder`,
    );
  return map as Record<string, string>;
}

/** A safetensors file: an 8-byte little-endian header length, that many bytes of JSON, the data. */
function checkSafetensors(dir: string, name: string) {
  const file = path.join(dir, name);
  const size = statSync(file).size;
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(8);
    const n = size >= 8 ? Number(readSync(fd, head, 0, 8, 0) && head.readBigUInt64LE(0)) : -1;
    if (n < 2 || n > MAX_SAFETENSORS_HEADER || 8 + n > size)
      throw new AttachProblem(`${name} is not a safetensors file (its header is missing or cut)`);
    const header = Buffer.alloc(n);
    readSync(fd, header, 0, n, 8);
    try {
      JSON.parse(header.toString("utf8"));
    } catch {
      throw new AttachProblem(`${name} is not a safetensors file (its header is not JSON)`);
    }
  } finally {
    closeSync(fd);
  }
}
