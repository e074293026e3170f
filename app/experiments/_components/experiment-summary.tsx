import { fmtInt } from "@/app/_components/format";
import { ModelName } from "@/app/_components/model-name";
import { Stat } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_trpc/types";
import { suiteMetrics } from "@/server/schemas/experiments";
import { METRICS } from "./metrics";

type Experiment = RouterOutputs["experiments"]["get"];

export function ExperimentSummary({ experiment: e }: { experiment: Experiment }) {
  const suite = e.evalSuite;
  const metricNames = suiteMetrics(suite)
    .map((m) => METRICS.find((x) => x.key === m)?.label ?? m)
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
