import { fmtModel } from "./format";

/** A base model by its readable name, the full path or id on hover. Null: an external (MLflow)
 *  experiment whose base model is not set yet, which blocks evaluating its runs. */
export function ModelName({ value, className }: { value: string | null; className?: string }) {
  if (value === null)
    return (
      <span className={className} title="Set a base model to evaluate this experiment's runs">
        not set (external)
      </span>
    );
  return (
    <span className={className} title={value} data-testid="model-name">
      {fmtModel(value)}
    </span>
  );
}
