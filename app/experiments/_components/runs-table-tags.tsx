"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "@/app/_components/error-view";
import { useToast } from "@/app/_components/toast";
import { useTRPC, useTRPCClient } from "@/app/_trpc/client";
import type { RunsTableRow } from "@/server/schemas/runs-table";

/** Adds a tag to (or, with "−", removes it from) every selected run; tags then filter and group
 *  the table like any column. */
export function TagSelected({
  selected,
  onTagged,
}: {
  selected: RunsTableRow[];
  onTagged: (rows: RunsTableRow[]) => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const toast = useToast();
  const [tag, setTag] = useState("");
  const apply = useMutation({
    mutationFn: async ({ t, remove }: { t: string; remove: boolean }) => {
      const updated: RunsTableRow[] = [];
      for (const r of selected) {
        const tags = remove ? r.tags.filter((x) => x !== t) : [...new Set([...r.tags, t])];
        await client.runs.setTags.mutate({ runId: r.id, tags });
        updated.push({ ...r, tags });
      }
      return updated;
    },
    // The selection keeps the new tags, so a second tag added right away does not drop the first.
    onSuccess: (rows) => {
      setTag("");
      onTagged(rows);
      return qc.invalidateQueries({ queryKey: trpc.runs.table.pathKey() });
    },
    onError: (e) =>
      toast.error(`Couldn't change tags: ${errorMessage(e as Parameters<typeof errorMessage>[0])}`),
  });
  const t = tag.trim();
  return (
    <form
      className="row"
      style={{ gap: 4, flexWrap: "nowrap" }}
      onSubmit={(e) => {
        e.preventDefault();
        if (t) apply.mutate({ t, remove: false });
      }}
    >
      <input
        className="input"
        style={{ width: 110, height: 28 }}
        placeholder="tag"
        aria-label="Tag for selected runs"
        value={tag}
        onChange={(e) => setTag(e.target.value)}
      />
      <button type="submit" className="btn btn-sm" disabled={!t || apply.isPending}>
        Tag
      </button>
      <button
        type="button"
        className="btn btn-sm"
        disabled={!t || apply.isPending}
        title="Remove this tag from the selected runs"
        onClick={() => apply.mutate({ t, remove: true })}
      >
        −
      </button>
    </form>
  );
}
