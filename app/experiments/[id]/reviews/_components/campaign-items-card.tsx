"use client";

import { useQuery } from "@tanstack/react-query";
import { FieldError, type FieldErrors, invalid } from "@/app/_components/field-errors";
import { NumberField, Segmented } from "@/app/_components/form-controls";
import { Card } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import type { CampaignForm } from "./campaign-form-state";
import { RunPicker } from "./run-picker";

/** Step 2 of the new-campaign form: which runs, how many items, how they are drawn and paired. */
export function CampaignItemsCard({
  experimentId,
  form: f,
  set,
  errors,
}: {
  experimentId: string;
  form: CampaignForm;
  set: (patch: Partial<CampaignForm>) => void;
  errors: FieldErrors;
}) {
  const trpc = useTRPC();
  const runs = useQuery(trpc.runs.list.queryOptions({ experimentId }));
  return (
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
          <div className="field">
            <RunPicker
              runs={runs.data}
              error={runs.error}
              value={f.runIds}
              onChange={(runIds) => set({ runIds })}
            />
            <FieldError id="run-picker" message={errors.runIds} />
          </div>
        ) : (
          <div style={{ maxWidth: 200 }}>
            <NumberField
              id="top-k"
              label="K (best runs)"
              min={1}
              value={f.topK}
              onChange={(topK) => set({ topK })}
              error={errors.topK ?? errors.runIds}
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
            error={errors.sampleSize}
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
                onChange={(e) => set({ stratifyBy: e.target.value as CampaignForm["stratifyBy"] })}
                {...invalid("stratify-by", errors["sampling.stratifyBy"])}
              >
                <option value="reference-length">Reference length (quartiles)</option>
                <option value="baseline-correct">Baseline correct or not</option>
              </select>
              <FieldError id="stratify-by" message={errors["sampling.stratifyBy"]} />
            </div>
          )}
          <NumberField
            id="seed"
            label="Seed"
            min={0}
            value={f.seed}
            onChange={(seed) => set({ seed })}
            error={errors["sampling.seed"]}
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
  );
}
