import { isTrained } from "../core/run-status";
import type { RunSummary } from "./common";

const BAR = 24;

function eta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) return "";
  if (seconds < 60) return ` eta ${Math.round(seconds)}s`;
  if (seconds < 3600) return ` eta ${Math.round(seconds / 60)}m`;
  return ` eta ${(seconds / 3600).toFixed(1)}h`;
}

/** One run as a fixed-width progress bar line (TTY mode). */
export function barLine(run: RunSummary, nameWidth: number): string {
  const done = isTrained(run.status) ? 1 : (run.progress ?? 0);
  const filled = Math.round(done * BAR);
  const bar = `[${"#".repeat(filled)}${".".repeat(BAR - filled)}]`;
  const steps = run.totalSteps ? ` step ${run.step ?? 0}/${run.totalSteps}` : "";
  const tail =
    run.status === "failed" && run.error
      ? ` ${run.error.split("\n")[0]!.slice(0, 60)}`
      : run.status === "running"
        ? `${steps}${eta(run.etaSeconds)}`
        : "";
  return `${run.name.padEnd(nameWidth).slice(0, nameWidth)} ${bar} ${String(Math.round(done * 100)).padStart(3)}% ${run.status}${tail}`;
}

/** A plain line for logs (non-TTY), or null when nothing worth a line changed. */
export function changeLine(run: RunSummary, previous: RunSummary | undefined): string | null {
  const decile = (r: RunSummary | undefined) =>
    r?.progress === null || r?.progress === undefined ? -1 : Math.floor(r.progress * 10);
  if (previous && previous.status === run.status && decile(previous) === decile(run)) return null;
  const pct = run.progress === null ? "" : ` ${Math.round(run.progress * 100)}%`;
  const steps = run.totalSteps ? ` (step ${run.step ?? 0}/${run.totalSteps})` : "";
  const error = run.status === "failed" && run.error ? `: ${run.error.split("\n")[0]}` : "";
  return `${run.name} ${run.status}${run.status === "running" ? `${pct}${steps}` : ""}${error}`;
}
