"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "@/app/_components/error-view";
import { fmtBytes } from "@/app/_components/format";
import { useToast } from "@/app/_components/toast";
import { Alert, Card } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";

type OutputFetch = { uri: string; status: string; error: string | null } | null;

/**
 * Attaches an external run's adapter or model folder: a tar / tar.gz archive uploaded to
 * PUT /api/v1/runs/{id}/adapter (streamed: tRPC would carry it as one JSON string), or an s3://
 * location in the project's bucket (runs.attachOutput), fetched by a job. Either way the run's
 * evaluation is requested once the output is in place.
 */
export function AttachOutput({ runId, fetch: outputFetch }: { runId: string; fetch: OutputFetch }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [location, setLocation] = useState("");
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.runs.pathKey() });
  const upload = useMutation({
    mutationFn: async (archive: File) => {
      const res = await fetch(`/api/v1/runs/${encodeURIComponent(runId)}/adapter`, {
        method: "PUT",
        headers: { "content-type": archive.type || "application/octet-stream" },
        body: archive,
      });
      const body = (await res.json().catch(() => null)) as {
        layout?: string;
        error?: { message?: string };
      } | null;
      if (!res.ok) throw new Error(body?.error?.message ?? `upload failed (HTTP ${res.status})`);
      return body!;
    },
    onSuccess: (r) => {
      setError(null);
      toast.ok(`The ${r.layout === "model" ? "model folder" : "adapter"} is attached; evaluating.`);
      return refresh();
    },
    onError: (e) => setError(e.message),
  });
  const attach = useMutation(
    trpc.runs.attachOutput.mutationOptions({
      onSuccess: () => {
        setError(null);
        toast.ok("Fetching from S3; the evaluation starts once it is in place.");
        return refresh();
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  const busy = upload.isPending || attach.isPending;
  return (
    <Card title="Attach the trained output">
      <p className="small muted">
        This run was trained elsewhere. Attach its PEFT adapter (adapter_config.json +
        adapter_model.safetensors) or its transformers model folder (config.json, tokenizer,
        *.safetensors) to evaluate it against the experiment's baseline.
      </p>
      {error && <Alert title="Not attached">{error}</Alert>}
      {outputFetch && outputFetch.status !== "succeeded" && (
        <Alert
          tone={outputFetch.status === "failed" ? "err" : "info"}
          title={
            outputFetch.status === "failed"
              ? `Fetching ${outputFetch.uri} failed`
              : `Fetching ${outputFetch.uri}…`
          }
        >
          {outputFetch.error}
        </Alert>
      )}
      <div className="grid-2">
        <form
          className="field"
          onSubmit={(e) => {
            e.preventDefault();
            if (file) upload.mutate(file);
          }}
        >
          <label htmlFor="attach-archive">Upload an archive (.tar, .tar.gz)</label>
          <input
            id="attach-archive"
            type="file"
            accept=".tar,.tgz,.tar.gz,application/x-tar,application/gzip"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={!file || busy}>
              {upload.isPending ? "Uploading…" : "Upload and evaluate"}
            </button>
            {file && <span className="small muted">{fmtBytes(file.size)}</span>}
          </div>
        </form>
        <form
          className="field"
          onSubmit={(e) => {
            e.preventDefault();
            attach.mutate({ runId, location: location.trim() });
          }}
        >
          <label htmlFor="attach-location">…or an s3:// location in the project's bucket</label>
          <input
            id="attach-location"
            className="mono"
            placeholder="s3://bucket/path/to/adapter"
            value={location}
            onChange={(e) => setLocation(e.target.value)}
          />
          <div className="row">
            <button type="submit" className="btn" disabled={!location.trim() || busy}>
              {attach.isPending ? "Attaching…" : "Fetch and evaluate"}
            </button>
          </div>
        </form>
      </div>
    </Card>
  );
}
