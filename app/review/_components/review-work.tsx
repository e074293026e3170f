"use client";

import Link from "next/link";
import { useEffect } from "react";
import { Alert, Badge, LoadingCard, ProgressBar } from "@/app/_components/ui";
import { GuidelinesPanel } from "./guidelines-panel";
import { ItemView } from "./item-view";
import { ShortcutSheet } from "./shortcut-sheet";
import { useReviewQueue } from "./use-review-queue";
import { WorkClosed, WorkDone, WorkError } from "./work-states";

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.tagName === "TEXTAREA" ||
    t.tagName === "INPUT" ||
    t.tagName === "SELECT" ||
    t.isContentEditable);

/** The work page: one item at a time, driven from the keyboard (use-review-queue holds the state). */
export function ReviewWork({
  campaignId,
  campaignName,
}: {
  campaignId: string;
  campaignName: string;
}) {
  const { status, keys, setKeys, note, setNote, flash, guidelines, seq, press } =
    useReviewQueue(campaignId);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) {
        // In the reason/comment field, Esc hands the keyboard back to the shortcuts.
        if (e.key === "Escape") (e.target as HTMLElement).blur();
        return;
      }
      // With no item, only help, guidelines and (while the campaign is open) ← "reopen" apply.
      const overlayKey = e.key === "?" || e.key.toLowerCase() === "g";
      if (status.kind === "done" && e.key !== "ArrowLeft" && !overlayKey) return;
      if (status.kind === "closed" && !overlayKey) return;
      if (press({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey }))
        e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [press, status.kind]);

  const item = status.kind === "item" ? status.item : null;
  return (
    <div className="stack" data-testid="review-work" data-seq={seq} data-state={status.kind}>
      <div className="spread">
        <div>
          <div className="crumbs">
            <Link href="/review">Review</Link>
          </div>
          <h1>{campaignName}</h1>
        </div>
        <div className="row">
          {item && (
            <span className="muted small" data-testid="review-position">
              Item {item.position} of {item.total}
            </span>
          )}
          {item && (
            <div style={{ width: 160 }}>
              <ProgressBar
                value={(item.position - 1) / Math.max(1, item.total)}
                label="Your progress"
              />
            </div>
          )}
          <button
            type="button"
            className="btn btn-sm"
            onClick={() =>
              setKeys((k) => ({ ...k, overlay: k.overlay === "guidelines" ? null : "guidelines" }))
            }
          >
            Guidelines <kbd>G</kbd>
          </button>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() =>
              setKeys((k) => ({ ...k, overlay: k.overlay === "help" ? null : "help" }))
            }
          >
            Shortcuts <kbd>?</kbd>
          </button>
        </div>
      </div>
      {flash &&
        (flash.warn ? (
          <Alert tone="warn">{flash.text}</Alert>
        ) : (
          <div className="faint small" role="status" data-testid="review-flash">
            {flash.text}
          </div>
        ))}
      <div
        style={{
          display: "grid",
          gridTemplateColumns:
            keys.overlay === "guidelines" ? "minmax(0, 1fr) 340px" : "minmax(0, 1fr)",
          gap: 16,
          alignItems: "start",
        }}
      >
        <div>
          {status.kind === "loading" && <LoadingCard rows={5} />}
          {status.kind === "error" && <WorkError error={status.error} />}
          {status.kind === "done" && <WorkDone />}
          {status.kind === "closed" && <WorkClosed />}
          {item && (
            <ItemView
              item={item}
              keys={keys}
              note={note}
              onNote={setNote}
              press={(key, focus) => press({ key }, focus)}
            />
          )}
        </div>
        {keys.overlay === "guidelines" && (
          <GuidelinesPanel
            text={guidelines ?? ""}
            onClose={() => setKeys((k) => ({ ...k, overlay: null }))}
          />
        )}
      </div>
      {keys.overlay === "help" && (
        <ShortcutSheet
          mode={item?.mode ?? "pairwise"}
          passFail={item?.rubric?.passFail ?? false}
          onClose={() => setKeys((k) => ({ ...k, overlay: null }))}
        />
      )}
      {item && (
        <div className="faint small">
          <Badge plain>{item.mode === "pairwise" ? "Blind pairwise" : "Rubric"}</Badge> Your
          reservation holds this item until {item.expiresAt.toLocaleTimeString("en-US")}.
        </div>
      )}
    </div>
  );
}
