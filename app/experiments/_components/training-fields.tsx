import { FieldError, type FieldErrors, invalid } from "@/app/_components/field-errors";
import type { DevicesText } from "./devices-field";

/** The training settings as typed (max steps may be left empty: full epochs). */
export type TrainingState = {
  maxSteps: string;
  batchSize: number;
  maxSeqLen: number;
  devices: DevicesText;
};

/** Max steps, batch size and sequence length, each with its error from experiments.create's
 *  schema (errors["training.batchSize"], …). */
export function TrainingFields({
  value,
  onChange,
  errors,
}: {
  value: TrainingState;
  onChange: (v: TrainingState) => void;
  errors: FieldErrors;
}) {
  const number = (id: string, label: string, key: "batchSize" | "maxSeqLen", min: number) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="number"
        min={min}
        value={value[key]}
        onChange={(e) => onChange({ ...value, [key]: Number(e.target.value) })}
        {...invalid(id, errors[`training.${key}`])}
      />
      <FieldError id={id} message={errors[`training.${key}`]} />
    </div>
  );
  return (
    <div className="grid-3">
      <div className="field">
        <label htmlFor="max-steps">Max steps (optional)</label>
        <input
          id="max-steps"
          className="input"
          type="number"
          min={1}
          value={value.maxSteps}
          placeholder="full epochs"
          onChange={(e) => onChange({ ...value, maxSteps: e.target.value })}
          {...invalid("max-steps", errors["training.maxSteps"])}
        />
        <FieldError id="max-steps" message={errors["training.maxSteps"]} />
      </div>
      {number("batch-size", "Batch size", "batchSize", 1)}
      {number("max-seq-len", "Max sequence length", "maxSeqLen", 16)}
    </div>
  );
}
