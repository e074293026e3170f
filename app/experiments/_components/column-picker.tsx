"use client";

import { useEffect, useRef, useState } from "react";
import type { RunsTableColumn } from "@/server/schemas/runs-table";
import { FIXED_KEYS } from "./runs-table-model";

const KIND_LABEL: Record<RunsTableColumn["kind"], string> = {
  param: "Hyperparameters",
  metric: "Metrics",
  tag: "Tags",
  status: "Status",
  meta: "Run",
};

/** Checkbox list of every column the server knows, grouped by kind, with a search box: an
 *  experiment can log hundreds of metric names, and none is rendered until picked. */
export function ColumnPicker({
  columns,
  chosen,
  onChange,
}: {
  columns: RunsTableColumn[];
  chosen: string[];
  onChange: (keys: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const search = useRef<HTMLInputElement>(null);
  // Opening the list puts the cursor in its search box, where a long list is narrowed.
  useEffect(() => {
    if (open) search.current?.focus();
  }, [open]);
  const pickable = columns.filter(
    (c) =>
      !FIXED_KEYS.has(c.key) &&
      (!q || `${c.label} ${c.key}`.toLowerCase().includes(q.toLowerCase())),
  );
  const set = new Set(chosen);
  const toggle = (key: string) =>
    onChange(set.has(key) ? chosen.filter((k) => k !== key) : [...chosen, key]);
  return (
    <div style={{ position: "relative" }}>
      <button
        type="button"
        className="btn btn-sm"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Columns ({chosen.length})
      </button>
      {open && (
        <div
          className="card"
          role="dialog"
          aria-label="Choose columns"
          style={{
            position: "absolute",
            right: 0,
            top: 34,
            zIndex: 20,
            width: 300,
            maxHeight: 420,
            overflowY: "auto",
            padding: 12,
          }}
        >
          <input
            ref={search}
            className="input"
            placeholder="Search columns"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            aria-label="Search columns"
          />
          {(["param", "metric", "tag", "meta"] as const).map((kind) => {
            const list = pickable.filter((c) => c.kind === kind);
            if (!list.length) return null;
            return (
              <fieldset key={kind} style={{ marginTop: 10 }}>
                <legend className="label">{KIND_LABEL[kind]}</legend>
                {list.map((c) => (
                  <label key={c.key} className="row small" style={{ gap: 6, fontWeight: 400 }}>
                    <input
                      type="checkbox"
                      checked={set.has(c.key)}
                      onChange={() => toggle(c.key)}
                    />
                    <span className="mono">{c.label}</span>
                    {!c.varies && <span className="faint">(same for all)</span>}
                  </label>
                ))}
              </fieldset>
            );
          })}
          <div className="row" style={{ marginTop: 10 }}>
            <button type="button" className="btn btn-sm" onClick={() => setOpen(false)}>
              Done
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
