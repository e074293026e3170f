"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useDeferredValue, useState } from "react";
import { ErrorView, errorMessage } from "@/app/_components/error-view";
import { Card } from "@/app/_components/ui";
import { useHydrated } from "@/app/_components/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";
import { DatasetPicker } from "./dataset-picker";
import { DEFAULT_DEVICES, DevicesField, toDevicesSetting } from "./devices-field";
import { EvalSuitePicker, type EvalSuiteState } from "./eval-suite-picker";
import { GridEditor, type GridText } from "./grid-editor";
import { GridPreview } from "./grid-preview";
import { type TrainingState, toCreateInput, toGridInput } from "./to-create-input";

export function NewExperimentForm({ defaultBaseModel }: { defaultBaseModel: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const ready = useHydrated();
  const [name, setName] = useState("");
  const [baseModel, setBaseModel] = useState(defaultBaseModel);
  const [datasetVersionId, setDatasetVersionId] = useState<string | null>(null);
  const [grid, setGrid] = useState<GridText>({
    learningRate: "1e-4, 3e-4",
    loraRank: "8",
    epochs: "1",
  });
  const [training, setTraining] = useState<TrainingState>({
    maxSteps: "",
    batchSize: 4,
    maxSeqLen: 512,
    devices: DEFAULT_DEVICES,
  });
  const [suite, setSuite] = useState<EvalSuiteState>({
    metrics: ["accuracy", "chrf"],
    primary: "accuracy",
    maxNewTokens: 32,
    temperature: 0,
  });

  const gridInput = toGridInput(useDeferredValue(grid));
  const preview = useQuery({
    ...trpc.experiments.previewGrid.queryOptions(
      gridInput.input ?? { learningRate: [], loraRank: [], epochs: [] },
    ),
    enabled: !!gridInput.input,
    placeholderData: keepPreviousData,
  });
  const create = useMutation(
    trpc.experiments.create.mutationOptions({
      onSuccess: (e) => router.push(`/experiments/${e.id}`),
    }),
  );

  const problems = [
    !name.trim() && "Name the experiment.",
    !baseModel.trim() && "Enter a base model.",
    !datasetVersionId && "Choose or upload a dataset.",
    gridInput.error,
    toDevicesSetting(training.devices).error,
    suite.metrics.length === 0 && "Pick at least one metric.",
  ].filter((p): p is string => !!p);

  return (
    <form
      className="stack"
      data-ready={ready || undefined}
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.length || !datasetVersionId || !gridInput.input) return;
        create.mutate(
          toCreateInput({
            name,
            baseModel,
            datasetVersionId,
            grid: gridInput.input,
            training,
            suite,
          }),
        );
      }}
    >
      <Card title="1. Name">
        <div className="field" style={{ maxWidth: 480 }}>
          <label htmlFor="experiment-name">Experiment name</label>
          <input
            id="experiment-name"
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. date-format LoRA sweep"
          />
        </div>
      </Card>
      <Card
        title="2. Dataset"
        description="Pick a validated dataset, or upload one; bad lines are listed before anything is stored."
      >
        <DatasetPicker value={datasetVersionId} onChange={setDatasetVersionId} />
      </Card>
      <Card title="3. Base model, backend and devices">
        <div className="stack">
          <div className="grid-2">
            <div className="field">
              <label htmlFor="base-model">Base model</label>
              <input
                id="base-model"
                className="input mono"
                value={baseModel}
                onChange={(e) => setBaseModel(e.target.value)}
                placeholder="/models/SmolLM2-135M-Instruct or HuggingFaceTB/SmolLM2-135M-Instruct"
              />
              <span className="hint">
                A local Hugging Face model folder, a .gguf file, or a Hub id (needs network access).
              </span>
            </div>
            <div className="field">
              <label htmlFor="backend">Training backend</label>
              <select id="backend" className="select" value="local" disabled>
                <option value="local">Local (this machine: GPU if present, else CPU)</option>
              </select>
            </div>
          </div>
          <DevicesField
            value={training.devices}
            onChange={(devices) => setTraining({ ...training, devices })}
          />
        </div>
      </Card>
      <Card
        title="4. Hyperparameter grid"
        description="One run per combination, plus the base model evaluated without an adapter as the baseline."
      >
        <div className="stack">
          <GridEditor value={grid} onChange={setGrid} />
          <div className="grid-3">
            <div className="field">
              <label htmlFor="max-steps">Max steps (optional)</label>
              <input
                id="max-steps"
                className="input"
                type="number"
                min={1}
                value={training.maxSteps}
                placeholder="full epochs"
                onChange={(e) => setTraining({ ...training, maxSteps: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="batch-size">Batch size</label>
              <input
                id="batch-size"
                className="input"
                type="number"
                min={1}
                value={training.batchSize}
                onChange={(e) => setTraining({ ...training, batchSize: Number(e.target.value) })}
              />
            </div>
            <div className="field">
              <label htmlFor="max-seq-len">Max sequence length</label>
              <input
                id="max-seq-len"
                className="input"
                type="number"
                min={16}
                value={training.maxSeqLen}
                onChange={(e) => setTraining({ ...training, maxSeqLen: Number(e.target.value) })}
              />
            </div>
          </div>
          <GridPreview
            loading={preview.isFetching && !preview.data}
            data={gridInput.input ? preview.data : undefined}
            error={preview.error ? errorMessage(preview.error) : null}
          />
        </div>
      </Card>
      <Card
        title="5. Evaluation suite"
        description="Every finished run, and the baseline, is scored on the dataset's eval split."
      >
        <EvalSuitePicker value={suite} onChange={setSuite} />
      </Card>
      {create.error && <ErrorView error={create.error} title="The experiment was not created" />}
      <div className="spread">
        <span className="muted small">
          {problems[0] ??
            (preview.data
              ? `Ready: ${preview.data.count} run${preview.data.count === 1 ? "" : "s"} + baseline.`
              : "")}
        </span>
        <button
          className="btn btn-primary"
          type="submit"
          disabled={!ready || problems.length > 0 || create.isPending}
        >
          {create.isPending
            ? "Creating…"
            : preview.data
              ? `Create experiment (${preview.data.count} runs)`
              : "Create experiment"}
        </button>
      </div>
    </form>
  );
}
