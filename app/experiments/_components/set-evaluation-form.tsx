"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { FieldError, invalid, useChecked } from "@/app/_components/field-errors";
import { useHydrated } from "@/app/_components/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";
import { SetExperimentEvaluationInput } from "@/server/schemas/experiments";
import { DatasetPicker } from "./dataset-picker";
import { DEFAULT_EVAL_SUITE, EvalSuitePicker } from "./eval-suite-picker";
import { toEvalSuiteInput } from "./to-create-input";

/**
 * Sets the base model, dataset and eval suite of an experiment an MLflow client created
 * (experiments.setEvaluation), checked with the server's own schema, so its runs can be evaluated
 * against a baseline. The page is rendered again once they are set.
 */
export function SetEvaluationForm({ experimentId }: { experimentId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const ready = useHydrated();
  const [baseModel, setBaseModel] = useState("");
  const [datasetVersionId, setDatasetVersionId] = useState<string | null>(null);
  const [suite, setSuite] = useState(DEFAULT_EVAL_SUITE);
  const save = useMutation(
    trpc.experiments.setEvaluation.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  const input = {
    experimentId,
    baseModel: baseModel.trim(),
    datasetVersionId: datasetVersionId ?? "",
    evalSuite: toEvalSuiteInput(suite),
  };
  const { errors: shown, submit } = useChecked(SetExperimentEvaluationInput, input, save.error);
  return (
    <form
      className="stack"
      data-ready={ready || undefined}
      onSubmit={(e) => {
        e.preventDefault();
        if (submit()) save.mutate(input);
      }}
    >
      <div className="field" style={{ maxWidth: 480 }}>
        <label htmlFor="set-base-model">Base model</label>
        <input
          id="set-base-model"
          className="input mono"
          value={baseModel}
          onChange={(e) => setBaseModel(e.target.value)}
          placeholder="the model the runs were fine-tuned from"
          {...invalid("set-base-model", shown.baseModel)}
        />
        <FieldError id="set-base-model" message={shown.baseModel} />
      </div>
      <DatasetPicker value={datasetVersionId} onChange={(id) => setDatasetVersionId(id)} />
      <FieldError id="dataset" message={shown.datasetVersionId} />
      <EvalSuitePicker value={suite} errors={shown} onChange={setSuite} />
      {save.error && <ErrorView error={save.error} title="Not set" />}
      <div>
        <button className="btn btn-primary" type="submit" disabled={!ready || save.isPending}>
          {save.isPending ? "Saving…" : "Set and evaluate the baseline"}
        </button>
      </div>
    </form>
  );
}
