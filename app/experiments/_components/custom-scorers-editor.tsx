"use client";

import { FieldError } from "@/app/_components/field-errors";
import { CUSTOM_SCORER_MAX_BYTES } from "@/server/schemas/custom-scorers";

export type ScorerDraft = { name: string; code: string };

/** "facts.py" → "facts": a scorer is named after its file unless the person renames it. */
const nameOf = (file: string) => file.replace(/\.py$/i, "").replace(/[^A-Za-z0-9_.-]/g, "-");

/** Custom scorers: Python files defining score(prompt, output, reference), each the metric
 *  custom:<name>. The server refuses them unless the person is an admin. */
export function CustomScorersEditor({
  value,
  error,
  onChange,
}: {
  value: ScorerDraft[];
  error: string | undefined;
  onChange: (v: ScorerDraft[]) => void;
}) {
  async function add(files: FileList | null) {
    const added = await Promise.all(
      [...(files ?? [])].map(async (f) => ({ name: nameOf(f.name), code: await f.text() })),
    );
    onChange([...value, ...added]);
  }
  return (
    <div className="field">
      <label htmlFor="custom-scorers">
        Custom scorers (optional, admins only; each is the metric custom:&lt;name&gt;)
      </label>
      {value.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: drafts have no id; fields are controlled
        <div key={i} style={{ display: "flex", gap: 8, alignItems: "center" }}>
          <input
            className="input"
            aria-label={`Name of custom scorer ${i + 1}`}
            value={s.name}
            onChange={(e) =>
              onChange(value.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
            }
          />
          <span className="muted small">{new TextEncoder().encode(s.code).length} bytes</span>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => onChange(value.filter((_, j) => j !== i))}
            aria-label={`Remove custom scorer ${i + 1}`}
          >
            ✕
          </button>
        </div>
      ))}
      <input
        id="custom-scorers"
        type="file"
        accept=".py,text/x-python"
        multiple
        onChange={(e) => {
          void add(e.target.files);
          e.target.value = "";
        }}
      />
      <span className="hint">
        A .py file (at most {CUSTOM_SCORER_MAX_BYTES / 1024} KiB) defining score(prompt, output,
        reference) → a number. It runs on the server in a child process without its secrets, 5 s per
        sample; a sample it fails on is recorded with the error.
      </span>
      <FieldError id="custom-scorers" message={error} />
    </div>
  );
}
