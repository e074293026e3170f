/** One gate as the form edits it: the threshold as text, so a half-typed number is not lost. */
export type GateDraft = { metric: string; kind: "min" | "maxDrop" | "maxRise"; threshold: string };

/** The drafts as EvalSuite.gates (server/schemas/gates.ts); rows without a number are left out. */
export function toGateSpecs(drafts: GateDraft[]) {
  return drafts
    .filter((d) => d.threshold.trim() !== "" && Number.isFinite(Number(d.threshold)))
    .map((d) =>
      d.kind === "min"
        ? { metric: d.metric, min: Number(d.threshold) }
        : { metric: d.metric, [d.kind]: Number(d.threshold), baseline: "baseline" },
    );
}
