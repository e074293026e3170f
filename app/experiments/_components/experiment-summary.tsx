import { fmtInt } from "@/app/_components/format";
import { ModelName } from "@/app/_components/model-name";
import { Stat } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_trpc/types";
import { suiteMetrics } from "@/server/schemas/experiments";
import { METRICS } from "./metrics";

type Experiment = RouterOutputs["experiments"]["get"];

export function ExperimentSummary({ experiment: e }: { experiment: Experiment }) {
  const suite = e.evalSuite;
  // A custom scorer names its code's hash, so a score can be traced to the code that gave it.
  const hashes = new Map((suite.customScorers ?? []).map((c) => [`custom:${c.name}`, c.sha256]));
  const metricNames = suiteMetrics(suite)
    .map((m) => {
      const label = METRICS.find((x) => x.key === m)?.label ?? m;
      const sha = hashes.get(m);
      return sha ? `${label} (sha256 ${sha.slice(0, 12)}…)` : label;
    })
    .join(", ");
  return (
    <div className="grid-4">
      <Stat label="Base model" value={<ModelName value={e.baseModel} className="mono small" />} />
      <Stat
        label="Dataset"
        value={e.dataset?.name ?? "—"}
        hint={
          e.dataset
            ? `${fmtInt(e.dataset.trainCount)} train · ${fmtInt(e.dataset.evalCount)} eval`
            : undefined
        }
      />
      <Stat label="Grid" value={`${e.runCount} runs`} hint="+ baseline" />
      <Stat
        label="Eval suite"
        value={METRICS.find((x) => x.key === suite.primaryMetric)?.label ?? suite.primaryMetric}
        hint={`primary · ${metricNames}`}
      />
    </div>
  );
}
