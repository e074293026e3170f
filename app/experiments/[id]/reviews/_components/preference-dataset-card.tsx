"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { errorMessage } from "@/app/_components/error-view";
import { FieldError, invalid, useChecked } from "@/app/_components/field-errors";
import { Card } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import type { PreferenceExclusion } from "@/core/enums";
import { CampaignPreferencesInput } from "@/server/schemas/reviews";

const REASONS: Record<PreferenceExclusion, string> = {
  no_votes: "no votes",
  tie: "majority tie",
  both_bad: "majority both bad",
  split: "no majority",
  below_agreement: "majority below the minimum agreement",
};

type Report = { items: number; qualified: number; excluded: Record<PreferenceExclusion, number> };

/** How many items qualified, and why the others did not. */
function Outcome({ report }: { report: Report }) {
  const left = (Object.entries(report.excluded) as [PreferenceExclusion, number][]).filter(
    ([, n]) => n > 0,
  );
  return (
    <span data-testid="preference-report">
      {report.qualified} of {report.items} items qualified
      {left.length > 0 && `; left out: ${left.map(([r, n]) => `${n} ${REASONS[r]}`).join(", ")}`}.
    </span>
  );
}

/** Turns the campaign's clear pairwise verdicts into a preference dataset for DPO runs. */
export function PreferenceDatasetCard({ campaignId }: { campaignId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [minAgreement, setMinAgreement] = useState("");
  const make = useMutation(
    trpc.reviews.toPreferenceDataset.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.datasets.list.queryKey() }),
    }),
  );
  const input = {
    campaignId,
    ...(minAgreement.trim() ? { minAgreement: Number(minAgreement) } : {}),
  };
  const check = useChecked(CampaignPreferencesInput, input, make.error);
  const refused = make.error?.data?.details as Report | undefined;
  return (
    <Card
      title="Preference dataset"
      description="Every item where most of its reviewers preferred one run's output becomes a (prompt, chosen, rejected) example for DPO. Ties, both-bad and split items are left out."
    >
      <div className="row" style={{ alignItems: "flex-end" }}>
        <div className="field" style={{ maxWidth: 220 }}>
          <label htmlFor="min-agreement">Minimum agreement (optional)</label>
          <input
            id="min-agreement"
            className="input"
            type="number"
            step="any"
            placeholder="e.g. 0.75"
            value={minAgreement}
            onChange={(e) => setMinAgreement(e.target.value)}
            {...invalid("min-agreement", check.errors.minAgreement)}
          />
          <FieldError id="min-agreement" message={check.errors.minAgreement} />
        </div>
        <button
          type="button"
          className="btn btn-primary"
          disabled={make.isPending}
          onClick={() => check.submit() && make.mutate(input)}
        >
          Make a preference dataset
        </button>
      </div>
      {make.data && (
        <div className="alert ok" role="status">
          <Outcome report={make.data} /> {make.data.reused ? "Already stored as" : "Stored as"}{" "}
          <Link href="/datasets">{make.data.dataset.name}</Link> ({make.data.trainCount} train /{" "}
          {make.data.evalCount} eval pairs).
        </div>
      )}
      {make.error && (
        <div className="alert err" role="alert">
          {errorMessage(make.error)} {refused?.excluded && <Outcome report={refused} />}
        </div>
      )}
    </Card>
  );
}
