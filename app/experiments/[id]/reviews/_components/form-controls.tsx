import { FieldError, invalid } from "@/app/_components/field-errors";

/** A row of toggle buttons for one choice (aria-pressed on the chosen one). */
export function Segmented<T extends string>({
  value,
  options,
  onChange,
  label,
}: {
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
  label: string;
}) {
  return (
    <fieldset className="segmented" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}

/** A labelled number input with its hint and, once the form was submitted, its error. */
export function NumberField({
  id,
  label,
  value,
  onChange,
  min,
  hint,
  error,
}: {
  id: string;
  label: string;
  value: number;
  onChange: (v: number) => void;
  min?: number;
  hint?: string;
  error?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="number"
        min={min}
        value={Number.isFinite(value) ? value : ""}
        onChange={(e) => onChange(e.target.valueAsNumber)}
        {...invalid(id, error)}
      />
      {hint && <span className="hint">{hint}</span>}
      <FieldError id={id} message={error} />
    </div>
  );
}
