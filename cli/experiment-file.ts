import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { DatasetFormatInput } from "../server/schemas/datasets";
import { CreateExperimentFields, withMethodRule } from "../server/schemas/experiments";
import { CliError } from "./api-client";

/** Where the experiment's data comes from: JSONL files next to the spec, or an uploaded version. */
const DatasetRef = z
  .strictObject({
    versionId: z.string().min(1).optional(),
    name: z.string().trim().min(1).max(120).optional(),
    train: z.string().min(1).optional(),
    eval: z.string().min(1).optional(),
    format: DatasetFormatInput.optional(),
    evalFraction: z.number().min(0.01).max(0.5).optional(),
    splitSeed: z.number().int().min(0).optional(),
  })
  .refine((d) => !!d.versionId !== !!d.train, {
    message:
      "Give either train (a JSONL file, relative to this file) or versionId (a dataset uploaded before), not both",
    path: ["train"],
  });

/** An experiment file: the create-experiment input with `dataset` in place of datasetVersionId.
 *  Strict at the top level, so a misspelt key is an error rather than silently ignored. */
export const ExperimentFile = withMethodRule(
  z.strictObject({
    ...CreateExperimentFields.omit({ datasetVersionId: true }).shape,
    dataset: DatasetRef,
  }),
);
export type ExperimentFile = z.infer<typeof ExperimentFile>;

export type LoadedFile = {
  file: string;
  dir: string;
  spec: ExperimentFile;
  lineOf(path: readonly PropertyKey[]): number | null;
};

/** Reads and validates a YAML or JSON experiment file; every problem is reported as file:line: field: message. */
export async function loadExperimentFile(file: string): Promise<LoadedFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new CliError(
      `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  // JSON is YAML 1.2, so one parser gives line numbers for both.
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length) {
    throw new CliError(
      doc.errors
        .map((e) => `${file}:${e.linePos?.[0].line ?? 1}: ${e.message.split("\n")[0]}`)
        .join("\n"),
    );
  }
  const lineOf = (p: readonly PropertyKey[]) => lineOfPath(doc, lines, p);
  const parsed = ExperimentFile.safeParse(doc.toJS());
  if (!parsed.success) {
    // A misspelt key is reported at the key itself, one line per key.
    const issues = parsed.error.issues.flatMap((i) =>
      i.code === "unrecognized_keys"
        ? i.keys.map((k) => ({ path: [...i.path, k], message: "unknown key (misspelt?)" }))
        : [i],
    );
    throw new CliError(formatIssues(file, issues, lineOf));
  }
  return { file, dir: path.dirname(file), spec: parsed.data, lineOf };
}

/** "file:12: grid.learningRate: message", one line per issue. */
export function formatIssues(
  file: string,
  issues: { path: readonly PropertyKey[]; message: string }[],
  lineOf: (p: readonly PropertyKey[]) => number | null,
): string {
  return issues
    .map((i) => {
      const field = i.path.map(String).join(".") || "(top level)";
      const line = lineOf(i.path);
      return `${file}${line ? `:${line}` : ""}: ${field}: ${i.message}`;
    })
    .join("\n");
}

/** The line of the deepest node on `p` that exists (a missing key reports its parent's line). */
function lineOfPath(doc: Document, lines: LineCounter, p: readonly PropertyKey[]): number | null {
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as { range?: [number] } | null)?.range?.[0];
  for (const seg of p) {
    if (isMap(node)) {
      const pair = node.items.find(
        (it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg),
      );
      if (!pair) break;
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (!item) break;
      offset = (item as { range?: [number] }).range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? null : lines.linePos(offset).line;
}
