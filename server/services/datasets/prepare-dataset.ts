import type { DatasetFormat, DatasetKind } from "@/core/enums";
import { capErrors, type Example, type LineError, parseJsonl } from "./parse-jsonl";
import { contentHash, type SplitStats, seededSplit, splitStats } from "./split";

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_EXAMPLES = 200_000;

export type PrepareInput = {
  format: DatasetFormat | "auto";
  trainJsonl: string;
  evalJsonl?: string;
  evalFraction: number;
  splitSeed: number;
};

export type PreparedDataset = {
  format: DatasetFormat;
  kind: DatasetKind;
  train: Example[];
  eval: Example[];
  hash: string;
  split: { evalSource: "file" } | { evalSource: "split"; evalFraction: number; splitSeed: number };
  stats: { train: SplitStats; eval: SplitStats };
};

export type PrepareResult =
  | { ok: true; dataset: PreparedDataset }
  | { ok: false; message: string; errors: LineError[]; more: number };

const limits = () => ({
  maxBytes: Number(process.env.TUNEBENCH_MAX_DATASET_BYTES) || DEFAULT_MAX_BYTES,
  maxExamples: Number(process.env.TUNEBENCH_MAX_DATASET_EXAMPLES) || DEFAULT_MAX_EXAMPLES,
});

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Validates, splits, hashes and measures an upload. Pure apart from reading the limits. */
export function prepareDataset(input: PrepareInput): PrepareResult {
  const { maxBytes, maxExamples } = limits();
  const refuse = (message: string, errors: LineError[] = []) => ({
    ok: false as const,
    message,
    ...capErrors(errors),
  });
  for (const [file, text] of [
    ["train", input.trainJsonl],
    ["eval", input.evalJsonl ?? ""],
  ] as const) {
    const bytes = Buffer.byteLength(text);
    if (bytes > maxBytes)
      return refuse(
        `The ${file} file is ${mb(bytes)}; the limit is ${mb(maxBytes)} (TUNEBENCH_MAX_DATASET_BYTES).`,
      );
  }
  const train = parseJsonl(input.trainJsonl, "train", input.format);
  const evalFile = input.evalJsonl?.trim()
    ? parseJsonl(
        input.evalJsonl,
        "eval",
        input.format === "auto" ? (train.format ?? "auto") : input.format,
      )
    : null;
  const errors = [...train.errors, ...(evalFile?.errors ?? [])];
  if (evalFile && train.format && evalFile.format && evalFile.format !== train.format) {
    errors.push({
      file: "eval",
      line: 0,
      field: "(file)",
      reason: `the eval file is ${evalFile.format} but the train file is ${train.format}`,
    });
  }
  const total = train.examples.length + (evalFile?.examples.length ?? 0);
  if (total > maxExamples)
    errors.push({
      file: "train",
      line: 0,
      field: "(file)",
      reason: `${total} examples; the limit is ${maxExamples} (TUNEBENCH_MAX_DATASET_EXAMPLES)`,
    });
  if (!evalFile && errors.length === 0 && train.examples.length < 2) {
    errors.push({
      file: "train",
      line: 0,
      field: "(file)",
      reason: "a held-out split needs at least 2 examples; add more or upload an eval file",
    });
  }
  if (errors.length) {
    const n = errors.length;
    return refuse(
      `The dataset was not stored: ${n} problem${n === 1 ? "" : "s"} found. Fix them and upload again.`,
      errors,
    );
  }
  const format = train.format!;
  const parts = evalFile
    ? { train: train.examples, eval: evalFile.examples }
    : seededSplit(train.examples, input.evalFraction, input.splitSeed);
  return {
    ok: true,
    dataset: {
      format,
      kind: format === "preference" ? "preference" : "chat",
      ...parts,
      hash: contentHash(format, parts.train, parts.eval),
      split: evalFile
        ? { evalSource: "file" }
        : { evalSource: "split", evalFraction: input.evalFraction, splitSeed: input.splitSeed },
      stats: { train: splitStats(parts.train), eval: splitStats(parts.eval) },
    },
  };
}
