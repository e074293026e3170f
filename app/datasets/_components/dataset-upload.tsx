"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorView, type LineError, lineErrors } from "@/app/_components/error-view";
import { FieldError, invalid, useChecked } from "@/app/_components/field-errors";
import { useHydrated } from "@/app/_components/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";
import type { DatasetKind } from "@/core/enums";
import { UploadDatasetInput } from "@/server/schemas/datasets";
import { FileField } from "./file-field";
import { LineErrors } from "./line-errors";

export type UploadedDataset = {
  datasetId: string;
  versionId: string;
  name: string;
  kind: DatasetKind;
};

/** Upload form: every line is validated on the server before anything is stored, and refusals
 *  come back as `error.data.details.errors` (file, line, field, reason), shown inline. */
export function DatasetUpload({
  onUploaded,
  compact,
}: {
  onUploaded?: (d: UploadedDataset) => void;
  compact?: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ready = useHydrated();
  const [name, setName] = useState("");
  const [train, setTrain] = useState<string | null>(null);
  const [evalText, setEvalText] = useState<string | null>(null);
  const [evalSource, setEvalSource] = useState<"split" | "file">("split");
  const [evalPercent, setEvalPercent] = useState(10);
  const [seed, setSeed] = useState(42);
  // Lines the browser could not decode (not UTF-8, a NUL): shown like the server's line errors.
  const [fileProblems, setFileProblems] = useState<Record<"train" | "eval", LineError[]>>({
    train: [],
    eval: [],
  });
  const problems = [...fileProblems.train, ...fileProblems.eval];
  const upload = useMutation(
    trpc.datasets.upload.mutationOptions({
      onSuccess: async (res) => {
        await queryClient.invalidateQueries({ queryKey: trpc.datasets.list.queryKey() });
        onUploaded?.({
          datasetId: res.dataset.id,
          versionId: res.version.id,
          name: res.dataset.name,
          kind: res.version.kind,
        });
      },
    }),
  );
  const details = lineErrors(upload.error);
  const input = {
    name: name.trim(),
    trainJsonl: train ?? "",
    ...(evalSource === "file"
      ? { evalJsonl: evalText ?? "" }
      : { evalFraction: evalPercent / 100, splitSeed: seed }),
  };
  // datasets.upload's own schema checks the form; the lines themselves are checked on the server.
  const check = useChecked(UploadDatasetInput, input, upload.error);
  const submit = () => {
    if (check.submit()) upload.mutate(input);
  };

  return (
    // Not a <form>: this sits inside the new-experiment form, and forms cannot nest.
    <div className="stack" data-ready={ready || undefined}>
      <div className={compact ? "stack" : "grid-2"}>
        <div className="field">
          <label htmlFor="dataset-name">Dataset name</label>
          <input
            id="dataset-name"
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. date-format"
            {...invalid("dataset-name", check.errors.name)}
          />
          <FieldError id="dataset-name" message={check.errors.name} />
          <span className="hint">Uploading new content under an existing name adds a version.</span>
        </div>
        <FileField
          id="train-file"
          label="Training file (JSONL)"
          onText={(t, _, found) => {
            setTrain(t);
            setFileProblems((p) => ({ ...p, train: found.map((e) => ({ file: "train", ...e })) }));
            upload.reset();
          }}
          hint='One example per line: {"messages": [...]} (OpenAI chat) or {"prompt": "...", "completion": "..."}.'
          error={check.errors.trainJsonl}
        />
      </div>
      <div className="field">
        <span className="label">Evaluation split</span>
        <fieldset className="segmented" aria-label="Evaluation split">
          <button
            type="button"
            aria-pressed={evalSource === "split"}
            onClick={() => setEvalSource("split")}
          >
            Hold out from training file
          </button>
          <button
            type="button"
            aria-pressed={evalSource === "file"}
            onClick={() => setEvalSource("file")}
          >
            Separate eval file
          </button>
        </fieldset>
      </div>
      {evalSource === "split" ? (
        <div className="row" style={{ gap: 16 }}>
          <div className="field" style={{ width: 160 }}>
            <label htmlFor="eval-percent">Held out (%)</label>
            <input
              id="eval-percent"
              className="input"
              type="number"
              min={1}
              max={50}
              value={evalPercent}
              onChange={(e) => setEvalPercent(Number(e.target.value))}
              {...invalid("eval-percent", check.errors.evalFraction)}
            />
            <FieldError id="eval-percent" message={check.errors.evalFraction} />
          </div>
          <div className="field" style={{ width: 160 }}>
            <label htmlFor="split-seed">Split seed</label>
            <input
              id="split-seed"
              className="input"
              type="number"
              value={seed}
              onChange={(e) => setSeed(Number(e.target.value))}
              {...invalid("split-seed", check.errors.splitSeed)}
            />
            <FieldError id="split-seed" message={check.errors.splitSeed} />
          </div>
          <span className="hint" style={{ alignSelf: "flex-end", paddingBottom: 8 }}>
            The same seed always gives the same split.
          </span>
        </div>
      ) : (
        <FileField
          id="eval-file"
          label="Evaluation file (JSONL)"
          onText={(t, _, found) => {
            setEvalText(t);
            setFileProblems((p) => ({ ...p, eval: found.map((e) => ({ file: "eval", ...e })) }));
            upload.reset();
          }}
          error={check.errors.evalJsonl}
        />
      )}
      {problems.length > 0 ? (
        <LineErrors errors={problems} more={0} />
      ) : details ? (
        <LineErrors errors={details.errors} more={details.more} />
      ) : (
        upload.error && <ErrorView error={upload.error} title="Upload failed" />
      )}
      {upload.isSuccess && (
        <div className="alert ok" role="status">
          {upload.data.reused ? "Identical content already stored as" : "Stored"}{" "}
          <strong>{upload.data.dataset.name}</strong>: {upload.data.version.trainCount} training and{" "}
          {upload.data.version.evalCount} evaluation{" "}
          {upload.data.version.kind === "preference" ? "preference pairs" : "examples"}.
        </div>
      )}
      <div>
        <button
          className="btn btn-primary"
          type="button"
          disabled={!ready || upload.isPending}
          onClick={submit}
        >
          {upload.isPending ? "Validating…" : "Upload and validate"}
        </button>
      </div>
    </div>
  );
}
