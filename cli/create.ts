import { readFile } from "node:fs/promises";
import path from "node:path";
import type { DatasetSplit } from "../core/enums";
import type { DatasetUploadErrorDetails } from "../server/schemas/datasets";
import { decodeTextFile } from "../server/schemas/storable";
import { ApiError, CliError } from "./api-client";
import { CONNECTION_HELP, clientFrom, guard, parse } from "./common";
import { formatIssues, type LoadedFile, loadExperimentFile } from "./experiment-file";

const USAGE = `usage: tunebench create -f experiment.yaml|json [--backend B] [--base-model M] [--name N] [--json]

Uploads the dataset files the experiment names (dataset.train / dataset.eval, relative to the
file), creates the experiment and prints its id and its runs' ids. Problems in the file are
reported as file:line: field: message. See docs/cli.md for the file format.

  -f, --file FILE     the experiment file (YAML or JSON)
  --backend B         override the file's backend: local, sagemaker or openai (one file, any backend)
  --base-model M      override the file's baseModel (model names differ between backends)
  --name N            override the file's name
  --json              print the created experiment as JSON
${CONNECTION_HELP}`;

type Dataset = {
  datasetId: string;
  versionId: string;
  trainCount: number;
  evalCount: number;
  reused: boolean;
};
type Created = { id: string; name: string; backend: string; runIds: string[] };
type UploadErrors = Partial<DatasetUploadErrorDetails>;

export async function run(argv: string[]): Promise<number> {
  return guard(async () => {
    const { values, positionals } = parse(
      argv,
      {
        file: { type: "string", short: "f" },
        backend: { type: "string" },
        "base-model": { type: "string" },
        name: { type: "string" },
        json: { type: "boolean" },
      },
      USAGE,
    );
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const file = values.file ?? positionals[0];
    if (!file || positionals.length > (values.file ? 0 : 1))
      throw new CliError(`give one experiment file with -f\n\n${USAGE}`);
    const loaded = await loadExperimentFile(file);
    const client = clientFrom(values);
    const versionId =
      loaded.spec.dataset.versionId ?? (await uploadDataset(client, loaded)).versionId;
    const { dataset: _dataset, ...rest } = loaded.spec;
    const overrides = {
      ...(values.backend ? { backend: values.backend } : {}),
      ...(values["base-model"] ? { baseModel: values["base-model"] } : {}),
      ...(values.name ? { name: values.name } : {}),
    };
    let created: Created;
    try {
      created = await client.json<Created>("POST", "/experiments", {
        ...rest,
        ...overrides,
        datasetVersionId: versionId,
      });
    } catch (e) {
      // The server validates with the same schema; point its field paths back into the file.
      if (e instanceof ApiError && e.body.error?.issues?.length) {
        throw new CliError(
          `${e.body.error.message?.split(":")[0] ?? "Invalid experiment"}\n${formatIssues(
            file,
            e.body.error.issues.map((i) => ({ path: i.path.split("."), message: i.message })),
            loaded.lineOf,
          )}`,
        );
      }
      throw e;
    }
    if (values.json) process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    else {
      process.stdout.write(
        `experiment ${created.id}  ${created.name} (${created.backend}, ${created.runIds.length} runs)\n`,
      );
      for (const id of created.runIds) process.stdout.write(`  run ${id}\n`);
      process.stdout.write(`follow it: tunebench watch ${created.id}\n`);
    }
    return 0;
  });
}

async function uploadDataset(
  client: ReturnType<typeof clientFrom>,
  loaded: LoadedFile,
): Promise<Dataset> {
  const ref = loaded.spec.dataset;
  const read = async (key: DatasetSplit) => {
    const rel = ref[key]!;
    const full = path.resolve(loaded.dir, rel);
    let bytes: Buffer;
    try {
      bytes = await readFile(full);
    } catch (e) {
      const line = loaded.lineOf(["dataset", key]);
      throw new CliError(
        `${loaded.file}${line ? `:${line}` : ""}: dataset.${key}: cannot read ${rel} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    // Strict UTF-8: a line that is not (or holds a NUL) is named here, never sent as U+FFFD.
    const { text, errors } = decodeTextFile(bytes);
    if (errors.length)
      throw new CliError(
        `dataset refused:\n${errors.map((x) => `${full}:${x.line}: ${x.reason}`).join("\n")}`,
      );
    return { rel, full, text };
  };
  const train = await read("train");
  const evalFile = ref.eval ? await read("eval") : null;
  const name = ref.name ?? path.basename(train.rel).replace(/\.jsonl?$/i, "");
  try {
    const ds = await client.json<Dataset>("POST", "/datasets", {
      name,
      trainJsonl: train.text,
      ...(evalFile ? { evalJsonl: evalFile.text } : {}),
      ...(ref.format ? { format: ref.format } : {}),
      ...(ref.evalFraction ? { evalFraction: ref.evalFraction } : {}),
      ...(ref.splitSeed !== undefined ? { splitSeed: ref.splitSeed } : {}),
    });
    process.stderr.write(
      `dataset ${name}: version ${ds.versionId} (${ds.trainCount} train, ${ds.evalCount} eval${ds.reused ? ", already uploaded" : ""})\n`,
    );
    return ds;
  } catch (e) {
    const details =
      e instanceof ApiError ? (e.body.error?.details as UploadErrors | undefined) : undefined;
    if (!details?.errors?.length) throw e;
    // The server names "train"/"eval" and a line: turn that into the real file's path.
    const where = { train: train.rel, eval: evalFile?.rel ?? train.rel };
    const lines = details.errors.map(
      (x) => `${path.join(loaded.dir, where[x.file])}:${x.line}: ${x.field}: ${x.reason}`,
    );
    if (details.more) lines.push(`… and ${details.more} more`);
    throw new CliError(
      `dataset refused: ${(e as ApiError).body.error?.message ?? ""}\n${lines.join("\n")}`,
    );
  }
}
