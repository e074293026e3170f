"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { errorAt, useChecked } from "@/app/_components/field-errors";
import { Segmented, TextField } from "@/app/_components/form-controls";
import { useTRPC } from "@/app/_trpc/client";
import { CreateJudgeInput, type JudgeOut, UpdateJudgeInput } from "@/server/schemas/judges";
import { blankDraft, draftOf, inputOf, type JudgeDraft } from "./judge-draft";
import { TemplateFields } from "./template-fields";

const PROVIDERS = [
  { value: "openai-compatible", label: "OpenAI-compatible" },
  { value: "local", label: "Local model" },
] as const;

/** Creates a judge, or (given `judge`) saves the next version of one. Admins only. */
export function JudgeForm({ judge, onDone }: { judge?: JudgeOut; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<JudgeDraft>(() => (judge ? draftOf(judge) : blankDraft()));
  const patch = (p: Partial<JudgeDraft>) => setDraft((d) => ({ ...d, ...p }));
  const onSuccess = async () => {
    await qc.invalidateQueries({ queryKey: trpc.judges.list.queryKey() });
    onDone();
  };
  const create = useMutation(trpc.judges.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.judges.update.mutationOptions({ onSuccess }));
  const save = judge ? update : create;
  const input = inputOf(draft);
  const { name: _name, ...settings } = input;
  const check = useChecked(
    judge ? UpdateJudgeInput : CreateJudgeInput,
    judge ? { judgeId: judge.id, ...settings } : input,
    save.error,
  );
  const errors = check.errors;
  const label = judge ? `Edit judge ${judge.name}` : "New judge";

  return (
    <form
      className="stack"
      aria-label={label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!check.submit()) return;
        if (judge) update.mutate({ judgeId: judge.id, ...settings });
        else create.mutate(input);
      }}
    >
      <div className="grid-2">
        {judge ? (
          <div className="field">
            <span className="label">Name</span>
            <span>
              {judge.name}{" "}
              <span className="muted small">saving makes version {judge.current.version + 1}</span>
            </span>
          </div>
        ) : (
          <TextField
            id="judge-name"
            label="Name"
            value={draft.name}
            onChange={(name) => patch({ name })}
            placeholder="e.g. gpt-judge"
            error={errors.name}
          />
        )}
        <div className="field">
          <span className="label">Provider</span>
          <Segmented
            label="Provider"
            value={draft.provider}
            options={[...PROVIDERS]}
            onChange={(provider) => patch({ provider })}
          />
          <span className="hint">
            {draft.provider === "local"
              ? "A model folder, GGUF file or Hub id, run by the Python worker."
              : "Calls the project's OpenAI settings (Training backends): OpenAI, Azure or a compatible base URL such as vLLM, llama.cpp or Ollama."}
          </span>
        </div>
      </div>
      <TextField
        id="judge-model"
        label="Model"
        value={draft.model}
        onChange={(model) => patch({ model })}
        placeholder={draft.provider === "local" ? "e.g. Qwen/Qwen2.5-7B-Instruct" : "gpt-4o-mini"}
        error={errors.model}
      />
      {draft.provider === "openai-compatible" && (
        <div className="grid-2">
          <TextField
            id="judge-input-price"
            label="Input price (USD per 1M tokens)"
            value={draft.inputPrice}
            onChange={(inputPrice) => patch({ inputPrice })}
            placeholder="catalogue"
            error={errors["pricing.inputUsdPerMTok"] ?? errors.pricing}
          />
          <TextField
            id="judge-output-price"
            label="Output price (USD per 1M tokens)"
            value={draft.outputPrice}
            onChange={(outputPrice) => patch({ outputPrice })}
            placeholder="catalogue"
            error={errors["pricing.outputUsdPerMTok"]}
          />
          <span className="hint">
            Leave empty for OpenAI's own models (priced from the catalogue). Set it for a model the
            catalogue does not know, such as a vLLM server's or an Azure deployment's own name;
            without it their cost stays unknown.
          </span>
        </div>
      )}
      <TemplateFields draft={draft} onChange={patch} error={errorAt(errors, "template")} />
      {save.error && Object.keys(errors).length === 0 && <ErrorView error={save.error} />}
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={save.isPending}>
          {judge ? `Save version ${judge.current.version + 1}` : "Create judge"}
        </button>
        <button className="btn" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
