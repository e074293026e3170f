"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { Markdown } from "@/app/_components/markdown";
import { Alert, Card } from "@/app/_components/ui";
import { useHydrated } from "@/app/_components/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";
import { REVIEW_MODES, type ReviewMode } from "@/core/enums";
import { type CampaignForm, defaultForm, formProblems, toCreateInput } from "./campaign-form-state";
import { ReviewerPicker } from "./reviewer-picker";
import { RubricEditor } from "./rubric-editor";
import { RunPicker } from "./run-picker";

const MODE_LABEL: Record<ReviewMode, string> = { pairwise: "Blind pairwise", rubric: "Rubric" };

function Segmented<T extends string>({
  value,
  options,
  onChange,
  label,
}: {
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
  label: string;
}) {
  return (
    <fieldset className="segmented" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}

function NumberField({
  id,
  label,
  value,
  onChange,
  min,
  hint,
}: {
  id: string;
  label: string;
  value: number;
  onChange: (v: number) => void;
  min?: number;
  hint?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="number"
        min={min}
        value={Number.isFinite(value) ? value : ""}
        onChange={(e) => onChange(e.target.valueAsNumber)}
      />
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
}

export function NewCampaignForm({
  experimentId,
  canManage,
}: {
  experimentId: string;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const ready = useHydrated();
  const [f, setF] = useState<CampaignForm>(defaultForm);
  const set = (patch: Partial<CampaignForm>) => setF((prev) => ({ ...prev, ...patch }));
  const runs = useQuery(trpc.runs.list.queryOptions({ experimentId }));
  const create = useMutation(
    trpc.reviews.create.mutationOptions({
      onSuccess: (c) => router.push(`/experiments/${experimentId}/reviews/${c.id}`),
    }),
  );
  const problems = formProblems(f);

  return (
    <form
      className="stack"
      data-ready={ready || undefined}
      onSubmit={(e) => {
        e.preventDefault();
        if (!problems.length) create.mutate(toCreateInput(experimentId, f));
      }}
    >
      <Card title="1. Name and mode">
        <div className="grid-2">
          <div className="field">
            <label htmlFor="campaign-name">Campaign name</label>
            <input
              id="campaign-name"
              className="input"
              value={f.name}
              onChange={(e) => set({ name: e.target.value })}
              placeholder="e.g. blind A/B on the top runs"
            />
          </div>
          <div className="field">
            <span className="label">Mode</span>
            <Segmented
              label="Mode"
              value={f.mode}
              onChange={(mode) => set({ mode })}
              options={REVIEW_MODES.map((value) => ({ value, label: MODE_LABEL[value] }))}
            />
            <span className="hint">
              {f.mode === "pairwise"
                ? "Two outputs for one input, run identities hidden, sides shuffled per reviewer."
                : "One output at a time, scored on your criteria."}
            </span>
          </div>
        </div>
      </Card>
      <Card
        title="2. Runs and items"
        description="Items are drawn from the eval split, with a seed so the sample can be reproduced."
      >
        <div className="stack">
          <Segmented
            label="Runs"
            value={f.runsBy}
            onChange={(runsBy) => set({ runsBy })}
            options={[
              { value: "pick", label: "Pick runs" },
              { value: "topK", label: "Top K of the leaderboard" },
            ]}
          />
          {f.runsBy === "pick" ? (
            <RunPicker
              runs={runs.data}
              error={runs.error}
              value={f.runIds}
              onChange={(runIds) => set({ runIds })}
            />
          ) : (
            <div style={{ maxWidth: 200 }}>
              <NumberField
                id="top-k"
                label="K (best runs)"
                min={1}
                value={f.topK}
                onChange={(topK) => set({ topK })}
              />
            </div>
          )}
          <div className="grid-4">
            <NumberField
              id="sample-size"
              label="Sample size"
              min={1}
              value={f.sampleSize}
              onChange={(sampleSize) => set({ sampleSize })}
              hint="inputs drawn from the eval split"
            />
            <div className="field">
              <label htmlFor="sampling">Sampling</label>
              <select
                id="sampling"
                className="select"
                value={f.sampling}
                onChange={(e) => set({ sampling: e.target.value as CampaignForm["sampling"] })}
              >
                <option value="random">Random</option>
                <option value="stratified">Stratified</option>
              </select>
            </div>
            {f.sampling === "stratified" && (
              <div className="field">
                <label htmlFor="stratify-by">Stratify by</label>
                <select
                  id="stratify-by"
                  className="select"
                  value={f.stratifyBy}
                  onChange={(e) =>
                    set({ stratifyBy: e.target.value as CampaignForm["stratifyBy"] })
                  }
                >
                  <option value="reference-length">Reference length (quartiles)</option>
                  <option value="baseline-correct">Baseline correct or not</option>
                </select>
              </div>
            )}
            <NumberField
              id="seed"
              label="Seed"
              min={0}
              value={f.seed}
              onChange={(seed) => set({ seed })}
            />
          </div>
          {f.mode === "pairwise" && (
            <div className="field">
              <span className="label">Pairs</span>
              <Segmented
                label="Pairs"
                value={f.pairing}
                onChange={(pairing) => set({ pairing })}
                options={[
                  { value: "all", label: "Every pair on every input" },
                  { value: "balanced", label: "One pair per input (balanced)" },
                ]}
              />
            </div>
          )}
        </div>
      </Card>
      {f.mode === "rubric" && (
        <Card
          title="3. Rubric"
          description="Each criterion is scored 1–5; name the five points so reviewers agree on what they mean."
        >
          <RubricEditor form={f} onChange={set} />
        </Card>
      )}
      <Card
        title={f.mode === "rubric" ? "4. Reviewers" : "3. Reviewers"}
        description="Each item is judged by this many different people; a reservation keeps two of them off the same slot."
      >
        <div className="stack">
          <div className="grid-4">
            <NumberField
              id="reviewers-per-item"
              label="Reviewers per item"
              min={1}
              value={f.reviewersPerItem}
              onChange={(reviewersPerItem) => set({ reviewersPerItem })}
              hint="2 or more gives an agreement figure"
            />
            <NumberField
              id="reservation"
              label="Reservation (minutes)"
              min={1}
              value={f.reservationMinutes}
              onChange={(reservationMinutes) => set({ reservationMinutes })}
              hint="an unanswered item returns to the pool after this"
            />
          </div>
          <ReviewerPicker
            canManage={canManage}
            value={f.reviewerIds}
            onChange={(reviewerIds) => set({ reviewerIds })}
          />
        </div>
      </Card>
      <Card
        title={f.mode === "rubric" ? "5. Guidelines" : "4. Guidelines"}
        description="Markdown. Reviewers open them with G at any time."
      >
        <div className="grid-2">
          <div className="field">
            <label htmlFor="guidelines">Guidelines</label>
            <textarea
              id="guidelines"
              className="textarea"
              style={{ minHeight: 200 }}
              value={f.guidelines}
              onChange={(e) => set({ guidelines: e.target.value })}
            />
          </div>
          <div className="field">
            <span className="label">Preview</span>
            <div className="card card-body" style={{ minHeight: 200 }}>
              <Markdown text={f.guidelines} />
            </div>
          </div>
        </div>
      </Card>
      {create.error && <ErrorView error={create.error} title="The campaign was not created" />}
      {f.reviewerIds.length === 0 && (
        <Alert tone="info">No reviewers yet: you can add them later on the campaign page.</Alert>
      )}
      <div className="spread">
        <span className="muted small">{problems[0] ?? "Ready."}</span>
        <button
          className="btn btn-primary"
          type="submit"
          disabled={!ready || problems.length > 0 || create.isPending}
        >
          {create.isPending ? "Creating…" : "Create campaign"}
        </button>
      </div>
    </form>
  );
}
