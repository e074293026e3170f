"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useDeferredValue, useState } from "react";
import { ErrorView, errorMessage } from "@/app/_components/error-view";
import { FieldError, invalid, schemaErrors, serverErrors } from "@/app/_components/field-errors";
import { Card } from "@/app/_components/ui";
import { useHydrated } from "@/app/_components/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";
import type { DatasetKind } from "@/core/enums";
import { CreateExperimentInput, DPO_NEEDS_PREFERENCES } from "@/server/schemas/experiments";
import { DatasetPicker } from "./dataset-picker";
import { DEFAULT_DEVICES, DevicesField, toDevicesSetting } from "./devices-field";
import { DEFAULT_EVAL_SUITE, EvalSuitePicker } from "./eval-suite-picker";
import { GridEditor, type GridText } from "./grid-editor";
import { GridPreview } from "./grid-preview";
import { InitFromField } from "./init-from-field";
import { MethodField, type MethodState } from "./method-field";
import { toCreateInput, toGridInput } from "./to-create-input";
import { TrainingFields, type TrainingState } from "./training-fields";

export function NewExperimentForm({ defaultBaseModel }: { defaultBaseModel: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const ready = useHydrated();
  const [name, setName] = useState("");
  const [baseModel, setBaseModel] = useState(defaultBaseModel);
  const [dataset, setDataset] = useState<{ versionId: string; kind: DatasetKind } | null>(null);
  const datasetVersionId = dataset?.versionId ?? null;
  const [method, setMethod] = useState<MethodState>({
    objective: ["sft"],
    parameters: ["lora"],
    dpoBeta: 0.1,
    initFromRunId: "",
  });
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
  const [suite, setSuite] = useState(DEFAULT_EVAL_SUITE);

  const gridInput = toGridInput(useDeferredValue(grid), method);
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

  // Checked with experiments.create's own schema (the grid's text is parsed first, by the grid
  // editor, which marks a bad value itself); shown once a submit was tried, with the server's
  // verdict on anything the browser let through.
  const input = toCreateInput({
    name,
    baseModel,
    datasetVersionId: datasetVersionId ?? "",
    grid: gridInput.input ?? { learningRate: [1], loraRank: [1], epochs: [1] },
    training,
    method,
    suite,
  });
  const errors = schemaErrors(CreateExperimentInput, input);
  // The schema cannot see the dataset's kind; the server refuses the same with the same words.
  if (method.objective.includes("dpo") && dataset?.kind === "chat")
    errors["grid.objective"] ??= DPO_NEEDS_PREFERENCES;
  const devicesError = toDevicesSetting(training.devices).error;
  const count = Object.keys(errors).length + (gridInput.error ? 1 : 0) + (devicesError ? 1 : 0);
  const [tried, setTried] = useState(false);
  const shown = tried ? { ...serverErrors(create.error), ...errors } : {};

  return (
    <form
      className="stack"
      data-ready={ready || undefined}
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (count === 0) create.mutate(input);
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
            {...invalid("experiment-name", shown.name)}
          />
          <FieldError id="experiment-name" message={shown.name} />
        </div>
      </Card>
      <Card
        title="2. Dataset"
        description="Pick a validated dataset, or upload one; bad lines are listed before anything is stored."
      >
        <DatasetPicker
          value={datasetVersionId}
          onChange={(versionId, kind) => setDataset({ versionId, kind })}
        />
        <FieldError id="dataset" message={shown.datasetVersionId} />
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
                {...invalid("base-model", shown.baseModel)}
              />
              <FieldError id="base-model" message={shown.baseModel} />
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
          <MethodField value={method} onChange={setMethod} errors={shown} />
          <InitFromField
            value={method.initFromRunId}
            onChange={(initFromRunId) => setMethod({ ...method, initFromRunId })}
            error={shown["training.initFromRunId"]}
          />
          <TrainingFields value={training} onChange={setTraining} errors={shown} />
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
        <EvalSuitePicker value={suite} errors={shown} onChange={setSuite} />
      </Card>
      {create.error && <ErrorView error={create.error} title="The experiment was not created" />}
      <div className="spread">
        <span className="muted small" data-testid="form-status">
          {tried && count > 0
            ? `Fix ${count === 1 ? "the problem" : `the ${count} problems`} marked above.`
            : preview.data
              ? `Ready: ${preview.data.count} run${preview.data.count === 1 ? "" : "s"} + baseline.`
              : ""}
        </span>
        <button className="btn btn-primary" type="submit" disabled={!ready || create.isPending}>
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
