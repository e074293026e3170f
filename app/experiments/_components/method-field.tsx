import { FieldError, type FieldErrors, invalid } from "@/app/_components/field-errors";
import {
  TRAINED_PARAMETERS,
  TRAINING_OBJECTIVES,
  type TrainedParameters,
  type TrainingObjective,
} from "@/core/enums";

/** The method axes as picked: every ticked value becomes runs of its own. */
export type MethodState = {
  objective: TrainingObjective[];
  parameters: TrainedParameters[];
  dpoBeta: number;
  /** An earlier run to start from; "" = the base model. */
  initFromRunId: string;
};

const LABELS: Record<TrainingObjective | TrainedParameters, string> = {
  sft: "SFT (supervised)",
  dpo: "DPO (preference pairs)",
  lora: "LoRA",
  qlora: "QLoRA (NF4 base, needs CUDA)",
  full: "Full (every weight)",
};

/** The grid's method axes; left at SFT + LoRA they stay out of the grid (the defaults). */
export function methodAxes(m: MethodState) {
  const plain = m.objective.join() === "sft" && m.parameters.join() === "lora";
  return plain ? {} : { objective: m.objective, parameters: m.parameters };
}

/** Objective and parameters as ticked boxes, with experiments.create's errors for each
 *  (errors["grid.objective"], errors["grid.parameters"]) and DPO's beta when DPO is ticked. */
export function MethodField({
  value,
  onChange,
  errors,
}: {
  value: MethodState;
  onChange: (v: MethodState) => void;
  errors: FieldErrors;
}) {
  const group = <K extends "objective" | "parameters">(
    key: K,
    label: string,
    options: readonly MethodState[K][number][],
  ) => {
    const id = `method-${key}`;
    const message = errors[`grid.${key}`];
    const chosen = value[key] as string[];
    return (
      <fieldset className="field" aria-label={label} {...invalid(id, message)}>
        <legend>{label}</legend>
        <div className="checks">
          {options.map((o) => (
            <label key={o}>
              <input
                type="checkbox"
                name={id}
                value={o}
                checked={chosen.includes(o)}
                onChange={(e) =>
                  onChange({
                    ...value,
                    [key]: options.filter((x) => (x === o ? e.target.checked : chosen.includes(x))),
                  })
                }
              />
              {LABELS[o]}
            </label>
          ))}
        </div>
        <FieldError id={id} message={message} />
      </fieldset>
    );
  };
  return (
    <div className="grid-3">
      {group("objective", "Objective", TRAINING_OBJECTIVES)}
      {group("parameters", "Parameters", TRAINED_PARAMETERS)}
      {value.objective.includes("dpo") && (
        <div className="field">
          <label htmlFor="dpo-beta">DPO beta</label>
          <input
            id="dpo-beta"
            className="input"
            type="number"
            step="any"
            min={0}
            value={value.dpoBeta}
            onChange={(e) => onChange({ ...value, dpoBeta: Number(e.target.value) })}
            {...invalid("dpo-beta", errors["training.dpo.beta"])}
          />
          <FieldError id="dpo-beta" message={errors["training.dpo.beta"]} />
        </div>
      )}
    </div>
  );
}
