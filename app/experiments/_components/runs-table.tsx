"use client";

import Link from "next/link";
import type { RouterOutputs } from "@/app/_trpc/types";
import { fmtDuration, fmtNumber } from "@/app/_components/format";
import { StatusBadge } from "@/app/_components/status-badge";
import { ProgressBar } from "@/app/_components/ui";
import { CancelRunButton } from "@/app/runs/_components/cancel-run-button";
import { Hyperparams } from "./hyperparams";

type Run = RouterOutputs["runs"]["list"][number];

export function RunsTable({ runs, canEdit }: { runs: Run[]; canEdit: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="runs-table">
        <thead>
          <tr><th>Run</th><th>Hyperparameters</th><th>Status</th><th>Progress</th><th className="num">ETA</th><th className="num">Tokens/s</th><th className="num">Duration</th><th></th></tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const frac = r.totalSteps ? (r.step ?? 0) / r.totalSteps : null;
            const training = r.status === "running" || r.status === "submitted";
            const end = r.finishedAt ? new Date(r.finishedAt).getTime() : Date.now();
            const duration = r.startedAt ? (end - new Date(r.startedAt).getTime()) / 1000 : null;
            return (
              <tr key={r.id} data-testid="run-row" data-status={r.status}>
                <td><Link href={`/runs/${r.id}`}>{r.isBaseline ? "Baseline (no adapter)" : r.name}</Link></td>
                <td>{r.isBaseline ? <span className="faint small">—</span> : <Hyperparams value={r.hyperparams} />}</td>
                <td><StatusBadge status={r.status} /></td>
                <td style={{ minWidth: 150 }}>
                  {frac != null && !r.isBaseline ? (
                    <div className="row" style={{ flexWrap: "nowrap" }}>
                      <ProgressBar value={frac} label={`${r.name} progress`} />
                      <span className="faint small mono">{r.step ?? 0}/{r.totalSteps ?? "?"}</span>
                    </div>
                  ) : <span className="faint small">{r.isBaseline ? "no training" : r.status === "queued" ? "waiting" : "—"}</span>}
                </td>
                <td className="num mono small">{training ? fmtDuration(r.etaSeconds) : "—"}</td>
                <td className="num mono small">{training ? fmtNumber(r.tokensPerSecond, 0) : "—"}</td>
                <td className="num mono small">{fmtDuration(duration)}</td>
                <td>{canEdit && !r.isBaseline && ["queued", "submitted", "running"].includes(r.status) && <CancelRunButton runId={r.id} small />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
