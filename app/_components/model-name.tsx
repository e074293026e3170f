import { fmtModel } from "./format";

/** A base model by its readable name, the full path or id on hover. */
export function ModelName({ value, className }: { value: string; className?: string }) {
  return (
    <span className={className} title={value} data-testid="model-name">
      {fmtModel(value)}
    </span>
  );
}
