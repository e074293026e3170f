"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { errorAt, FieldError, invalid, serverErrors } from "@/app/_components/field-errors";
import { NumberField, Segmented, TextField } from "@/app/_components/form-controls";
import { Markdown } from "@/app/_components/markdown";
import { Alert, Card } from "@/app/_components/ui";
import { useHydrated } from "@/app/_components/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";
import { REVIEW_MODES, type ReviewMode } from "@/core/enums";
import {
  type CampaignForm,
  campaignErrors,
  defaultForm,
  toCreateInput,
} from "./campaign-form-state";
import { CampaignItemsCard } from "./campaign-items-card";
import { ReviewerPicker } from "./reviewer-picker";
import { RubricEditor } from "./rubric-editor";

const MODE_LABEL: Record<ReviewMode, string> = { pairwise: "Blind pairwise", rubric: "Rubric" };

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
  const create = useMutation(
    trpc.reviews.create.mutationOptions({
      onSuccess: (c) => router.push(`/experiments/${experimentId}/reviews/${c.id}`),
    }),
  );
  // Checked with reviews.create's own schema; shown once a submit was tried, and the server's
  // verdict on anything the browser let through lands on the same fields.
  const errors = campaignErrors(experimentId, f);
  const [tried, setTried] = useState(false);
  const shown = tried ? { ...serverErrors(create.error), ...errors } : {};
  const count = Object.keys(errors).length;

  return (
    <form
      className="stack"
      data-ready={ready || undefined}
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (count === 0) create.mutate(toCreateInput(experimentId, f));
      }}
    >
      <Card title="1. Name and mode">
        <div className="grid-2">
          <TextField
            id="campaign-name"
            label="Campaign name"
            value={f.name}
            onChange={(name) => set({ name })}
            placeholder="e.g. blind A/B on the top runs"
            error={shown.name}
          />
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
      <CampaignItemsCard experimentId={experimentId} form={f} set={set} errors={shown} />
      {f.mode === "rubric" && (
        <Card
          title="3. Rubric"
          description="Each criterion is scored 1–5; name the five points so reviewers agree on what they mean."
        >
          <RubricEditor form={f} onChange={set} />
          <FieldError id="rubric" message={errorAt(shown, "rubric")} />
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
              error={shown.reviewersPerItem}
            />
            <NumberField
              id="reservation"
              label="Reservation (minutes)"
              min={1}
              value={f.reservationMinutes}
              onChange={(reservationMinutes) => set({ reservationMinutes })}
              hint="an unanswered item returns to the pool after this"
              error={shown.reservationSeconds}
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
              {...invalid("guidelines", shown.guidelines)}
            />
            <FieldError id="guidelines" message={shown.guidelines} />
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
        <span className="muted small" data-testid="form-status">
          {tried && count > 0
            ? `Fix ${count === 1 ? "the problem" : `the ${count} problems`} marked above.`
            : "Ready."}
        </span>
        <button className="btn btn-primary" type="submit" disabled={!ready || create.isPending}>
          {create.isPending ? "Creating…" : "Create campaign"}
        </button>
      </div>
    </form>
  );
}
