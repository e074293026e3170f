"use client";

import { useState } from "react";
import { fmtParam } from "@/app/_components/format";
import type { CompareOutput } from "@/server/schemas/compare";

/** Every configuration key (hyperparameters and run spec, flattened) across the runs; "diff
 *  only" (on by default) keeps the keys whose values differ, which is what a person looks for. */
export function ConfigDiff({ data, name }: { data: CompareOutput; name: (id: string) => string }) {
  const [diffOnly, setDiffOnly] = useState(true);
  const rows = data.configDiff.filter((d) => !diffOnly || d.differs);
  const differing = data.configDiff.filter((d) => d.differs).length;
  return (
    <div>
      <div className="spread" style={{ padding: "10px 14px" }}>
        <span className="faint small">
          {differing} of {data.configDiff.length} keys differ
        </span>
        <label className="row small" style={{ gap: 4 }}>
          <input
            type="checkbox"
            checked={diffOnly}
            onChange={(e) => setDiffOnly(e.target.checked)}
          />{" "}
          Diff only
        </label>
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="config-diff">
          <thead>
            <tr>
              <th>Key</th>
              {data.runs.map((r) => (
                <th key={r.id}>{name(r.id)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={data.runs.length + 1} className="faint">
                  No differences in configuration.
                </td>
              </tr>
            )}
            {rows.map((d) => (
              <tr key={d.key} data-differs={d.differs}>
                <td className="mono small">{d.key}</td>
                {data.runs.map((r, i) => (
                  <td
                    key={r.id}
                    className="mono small"
                    style={
                      d.differs && i > 0 && fmtParam(d.values[i]) !== fmtParam(d.values[0])
                        ? { background: "#fff7e6" }
                        : undefined
                    }
                  >
                    {fmtParam(d.values[i])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
