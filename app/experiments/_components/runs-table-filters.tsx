"use client";

import { useState } from "react";
import { fmtParam } from "@/app/_components/format";
import type { RunsTableColumn, RunsTableFilter } from "@/server/schemas/runs-table";

const OPS = [
  { op: "eq", label: "=" },
  { op: "neq", label: "≠" },
  { op: "gt", label: ">" },
  { op: "lt", label: "<" },
  { op: "contains", label: "contains" },
  { op: "in", label: "in (a, b)" },
] as const;

/** Parses what a person types: numbers stay numbers ("3e-4" filters a float column), "in" takes
 *  a comma list, everything else is text. */
export function parseFilterValue(op: RunsTableFilter["op"], text: string): unknown {
  const one = (s: string) => {
    const t = s.trim();
    const n = Number(t);
    return t !== "" && Number.isFinite(n) ? n : t;
  };
  return op === "in"
    ? text
        .split(",")
        .map(one)
        .filter((v) => v !== "")
    : op === "contains"
      ? text.trim()
      : one(text);
}

/** Filter chips plus a one-line builder (column · operator · value); filtering runs on the
 *  server. */
export function RunsTableFilters({
  columns,
  filters,
  onChange,
}: {
  columns: RunsTableColumn[];
  filters: RunsTableFilter[];
  onChange: (f: RunsTableFilter[]) => void;
}) {
  const filterable = columns.filter(
    (c) => c.key !== "meta.createdAt" && c.key !== "meta.finishedAt",
  );
  const [key, setKey] = useState("");
  const [op, setOp] = useState<RunsTableFilter["op"]>("eq");
  const [text, setText] = useState("");
  const label = (k: string) => columns.find((c) => c.key === k)?.label ?? k;
  const add = () => {
    const k = key || filterable[0]?.key;
    if (!k || text.trim() === "") return;
    onChange([...filters, { key: k, op, value: parseFilterValue(op, text) }]);
    setText("");
  };
  return (
    <div className="row" style={{ gap: 6 }}>
      <form
        className="row"
        style={{ gap: 4, flexWrap: "nowrap" }}
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <select
          className="select"
          style={{ width: 150, height: 28 }}
          aria-label="Filter column"
          value={key}
          onChange={(e) => setKey(e.target.value)}
        >
          {filterable.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
        <select
          className="select"
          style={{ width: 92, height: 28 }}
          aria-label="Filter operator"
          value={op}
          onChange={(e) => setOp(e.target.value as RunsTableFilter["op"])}
        >
          {OPS.map((o) => (
            <option key={o.op} value={o.op}>
              {o.label}
            </option>
          ))}
        </select>
        <input
          className="input"
          style={{ width: 120, height: 28 }}
          aria-label="Filter value"
          placeholder="value"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn btn-sm">
          Filter
        </button>
      </form>
      {filters.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: filters have no id; a chip keeps no state
        <span key={i} className="badge accent plain" data-testid="filter-chip">
          {label(f.key)} {OPS.find((o) => o.op === f.op)?.label}{" "}
          {Array.isArray(f.value) ? f.value.map(fmtParam).join(", ") : fmtParam(f.value)}
          <button
            type="button"
            aria-label={`Remove filter on ${label(f.key)}`}
            onClick={() => onChange(filters.filter((_, j) => j !== i))}
            style={{
              border: 0,
              background: "none",
              cursor: "pointer",
              color: "inherit",
              padding: 0,
              marginLeft: 4,
            }}
          >
            ×
          </button>
        </span>
      ))}
    </div>
  );
}
