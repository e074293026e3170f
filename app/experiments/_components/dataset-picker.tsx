"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fmtInt, shortHash } from "@/app/_components/format";
import { Skeleton } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import { DatasetUpload } from "@/app/datasets/_components/dataset-upload";
import type { DatasetKind } from "@/core/enums";

export function DatasetPicker({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (versionId: string, kind: DatasetKind) => void;
}) {
  const trpc = useTRPC();
  const datasets = useQuery(trpc.datasets.list.queryOptions());
  const [mode, setMode] = useState<"pick" | "upload" | null>(null);
  const list = datasets.data ?? [];
  const effective = mode ?? (datasets.isSuccess && list.length === 0 ? "upload" : "pick");

  if (datasets.isPending) return <Skeleton height={34} />;
  return (
    <div className="stack">
      <fieldset className="segmented" aria-label="Dataset source">
        <button
          type="button"
          aria-pressed={effective === "pick"}
          onClick={() => setMode("pick")}
          disabled={list.length === 0}
        >
          Existing dataset
        </button>
        <button
          type="button"
          aria-pressed={effective === "upload"}
          onClick={() => setMode("upload")}
        >
          Upload new
        </button>
      </fieldset>
      {effective === "pick" ? (
        <div className="field" style={{ maxWidth: 560 }}>
          <label htmlFor="dataset-version">Dataset</label>
          <select
            id="dataset-version"
            className="select"
            value={value ?? ""}
            onChange={(e) => {
              const version = list.flatMap((d) => d.versions).find((v) => v.id === e.target.value);
              if (version) onChange(version.id, version.kind);
            }}
          >
            <option value="" disabled>
              Choose a dataset…
            </option>
            {list.flatMap((d) =>
              d.versions.map((v, i) => (
                <option key={v.id} value={v.id}>
                  {d.name}
                  {i > 0 ? ` (older version ${d.versions.length - i})` : ""} —{" "}
                  {fmtInt(v.trainCount)} train / {fmtInt(v.evalCount)} eval ·{" "}
                  {shortHash(v.contentHash, 8)}
                  {v.kind === "preference" ? " · preference pairs" : ""}
                </option>
              )),
            )}
          </select>
        </div>
      ) : (
        <DatasetUpload
          compact
          onUploaded={(d) => {
            onChange(d.versionId, d.kind);
            setMode("pick");
          }}
        />
      )}
    </div>
  );
}
