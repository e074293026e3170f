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

/** A labelled text input with its error, once the form was submitted. */
export function TextField({
  id,
  label,
  value,
  onChange,
  placeholder,
  error,
  style,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  error?: string;
  style?: React.CSSProperties;
}) {
  return (
    <div className="field" style={style}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        {...invalid(id, error)}
      />
      <FieldError id={id} message={error} />
    </div>
  );
}

/** A labelled row of checkboxes choosing a subset of `options` (each with a hover hint). */
export function CheckboxGroup<T extends string>({
  id,
  label,
  options,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  options: readonly { value: T; hint: string }[];
  value: T[];
  onChange: (v: T[]) => void;
  error?: string;
}) {
  return (
    <div className="field">
      <span className="label">{label}</span>
      <div className="checks" style={{ height: 34, alignItems: "center" }}>
        {options.map((o) => (
          <label key={o.value} title={o.hint}>
            <input
              type="checkbox"
              checked={value.includes(o.value)}
              onChange={() =>
                onChange(
                  value.includes(o.value)
                    ? value.filter((x) => x !== o.value)
                    : [...value, o.value],
                )
              }
            />{" "}
            {o.value}
          </label>
        ))}
      </div>
      <FieldError id={id} message={error} />
    </div>
  );
}
