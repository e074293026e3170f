"use client";

import { useState } from "react";
import { FieldError, invalid } from "@/app/_components/field-errors";
import { fmtBytes } from "@/app/_components/format";
import { decodeTextFile } from "@/server/schemas/storable";

/** A JSONL file picker that reads the file as text in the browser (uploads go through tRPC as
 *  strings), with drag and drop. The bytes are decoded as strict UTF-8: lines that are not UTF-8
 *  (or hold a NUL) come back as `problems`, by line number, never as U+FFFD in the text. */
export function FileField(props: {
  id: string;
  label: string;
  hint?: string;
  /** The form's message for this file (e.g. none chosen), under the drop zone. */
  error?: string;
  onText: (
    text: string | null,
    name: string | null,
    problems: { line: number; reason: string }[],
  ) => void;
}) {
  const [file, setFile] = useState<{ name: string; size: number } | null>(null);
  const [over, setOver] = useState(false);
  async function take(f: File | undefined) {
    if (!f) {
      setFile(null);
      props.onText(null, null, []);
      return;
    }
    setFile({ name: f.name, size: f.size });
    const { text, errors } = decodeTextFile(new Uint8Array(await f.arrayBuffer()));
    props.onText(errors.length ? null : text, f.name, errors);
  }
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {/* The input is the keyboard's way in; dropping a file on the zone is a mouse shortcut. */}
      <fieldset
        className={over ? "dropzone active" : "dropzone"}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void take(e.dataTransfer.files[0]);
        }}
      >
        <input
          id={props.id}
          type="file"
          accept=".jsonl,.json,.txt,application/jsonl"
          {...invalid(props.id, props.error)}
          onChange={(e) => void take(e.target.files?.[0])}
        />
        <div className="small" style={{ marginTop: 6 }}>
          {file ? (
            <>
              Selected <strong>{file.name}</strong> ({fmtBytes(file.size)})
            </>
          ) : (
            "…or drop a .jsonl file here"
          )}
        </div>
      </fieldset>
      {props.hint && <span className="hint">{props.hint}</span>}
      <FieldError id={props.id} message={props.error} />
    </div>
  );
}
