"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { Alert, Badge, EmptyState, LoadingCard, ProgressBar } from "@/app/_components/ui";
import { useTRPCClient } from "@/app/_trpc/client";
import type { ReviewItem } from "@/server/schemas/reviews";
import { GuidelinesPanel } from "./guidelines-panel";
import { ItemView } from "./item-view";
import {
  type Effect,
  initialKeyState,
  type KeyInput,
  type KeyState,
  reduceKey,
} from "./review-keys";
import { ShortcutSheet } from "./shortcut-sheet";

type Status =
  | { kind: "loading" }
  | { kind: "item"; item: ReviewItem }
  | { kind: "done" }
  | { kind: "error"; error: unknown };

function keyStateFor(item: ReviewItem, overlay: KeyState["overlay"]): KeyState {
  const prev = item.previous;
  return {
    ...initialKeyState({
      mode: item.mode,
      criteria: item.rubric?.criteria.map((c) => c.key) ?? [],
      passFail: item.rubric?.passFail ?? false,
      previous: {
        choice: prev?.pairwise?.choice ?? null,
        scores: prev?.rubric?.scores,
        pass: prev?.rubric?.pass ?? null,
      },
    }),
    overlay,
  };
}

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.tagName === "TEXTAREA" ||
    t.tagName === "INPUT" ||
    t.tagName === "SELECT" ||
    t.isContentEditable);

/**
 * The work page: one item at a time, driven from the keyboard. Every answer from the server (vote,
 * skip, back) is the next item itself, so auto-advance costs one round trip. Keys are ignored while
 * a request is in flight, so a double press never votes twice on the next item.
 */
export function ReviewWork({
  campaignId,
  campaignName,
}: {
  campaignId: string;
  campaignName: string;
}) {
  const client = useTRPCClient();
  const [status, setStatus] = useState<Status>({ kind: "loading" });
  const [keys, setKeys] = useState<KeyState>(() => initialKeyState({ mode: "pairwise" }));
  const [note, setNote] = useState("");
  const [flash, setFlash] = useState<{ text: string; warn: boolean } | null>(null);
  const [guidelines, setGuidelines] = useState<string | null>(null);
  // Counts items shown, so tests and people can tell "a new item arrived" without any item id.
  const [seq, setSeq] = useState(0);
  const busy = useRef(false);
  const keysRef = useRef(keys);
  keysRef.current = keys;

  const show = useCallback((item: ReviewItem | null, message: string | null, warn = false) => {
    if (item) {
      setStatus({ kind: "item", item });
      setKeys(keyStateFor(item, keysRef.current.overlay === "guidelines" ? "guidelines" : null));
      setNote(item.previous?.pairwise?.reason ?? item.previous?.rubric?.comment ?? "");
      setGuidelines(item.guidelines);
    } else setStatus({ kind: "done" });
    setSeq((n) => n + 1);
    setFlash(message ? { text: message, warn } : null);
  }, []);

  const run = useCallback(
    async (request: () => Promise<ReviewItem | null>, message: string | null, onSlot = false) => {
      if (busy.current) return;
      busy.current = true;
      try {
        show(await request(), message);
      } catch (error) {
        const code = (error as { data?: { code?: string } })?.data?.code;
        if (onSlot && (code === "CONFLICT" || code === "NOT_FOUND")) {
          // The reservation lapsed (the reviewer was away past its timeout): say so plainly, since
          // that vote was not stored, and carry on with whatever is next (often the same item).
          try {
            show(
              await client.reviews.next.mutate({ campaignId }),
              "Your reservation had expired, so that answer was not saved. Here is your next item.",
              true,
            );
          } catch (again) {
            setStatus({ kind: "error", error: again });
          }
        } else {
          setFlash(null);
          setStatus({ kind: "error", error });
        }
      } finally {
        busy.current = false;
      }
    },
    [show, client, campaignId],
  );

  useEffect(() => {
    void run(() => client.reviews.next.mutate({ campaignId }), null);
  }, [client, campaignId, run]);

  const perform = useCallback(
    (effect: Effect) => {
      if (!effect) return;
      if (effect.type === "back")
        return void run(
          () => client.reviews.back.mutate({ campaignId }),
          "Reopened your previous vote: change it, or press Enter to keep it.",
        );
      if (status.kind !== "item") return;
      const slot = status.item.slot;
      if (effect.type === "skip")
        return void run(() => client.reviews.skip.mutate({ slot }), "Skipped.", true);
      const v = effect.vote;
      const text = note.trim() || undefined;
      const input =
        v.kind === "pairwise"
          ? { slot, pairwise: { choice: v.choice, reason: text } }
          : {
              slot,
              rubric: {
                scores: v.scores,
                pass: v.pass,
                comment: status.item.rubric?.comment ? text : undefined,
              },
            };
      void run(() => client.reviews.vote.mutate(input), "Vote saved.", true);
    },
    [client, campaignId, note, run, status],
  );

  // Keys and clicks go through the same reducer, so the mouse can never do what a key cannot.
  const press = useCallback(
    (input: KeyInput, focus?: number): boolean => {
      if (busy.current) return false;
      const from = focus == null ? keysRef.current : { ...keysRef.current, focus };
      const r = reduceKey(from, input);
      if (!r.handled) return false;
      keysRef.current = r.state;
      setKeys(r.state);
      perform(r.effect);
      return true;
    },
    [perform],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) {
        // In the reason/comment field, Esc hands the keyboard back to the shortcuts.
        if (e.key === "Escape") (e.target as HTMLElement).blur();
        return;
      }
      if (
        status.kind === "done" &&
        e.key !== "ArrowLeft" &&
        e.key !== "?" &&
        e.key.toLowerCase() !== "g"
      )
        return;
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
          {status.kind === "done" && (
            <div className="card" data-testid="review-done">
              <EmptyState
                title="You're done with this campaign"
                action={
                  <Link className="btn" href="/review">
                    Back to your campaigns
                  </Link>
                }
              >
                Nothing is left for you to judge here. Press <kbd>←</kbd> to reopen your last vote.
              </EmptyState>
            </div>
          )}
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

function WorkError({ error }: { error: unknown }) {
  const code = (error as { data?: { code?: string } })?.data?.code;
  if (code === "FORBIDDEN" || code === "NOT_FOUND") {
    return (
      <Alert tone="warn" title="This campaign isn't assigned to you">
        Ask the campaign&apos;s owner to add you as a reviewer.{" "}
        <Link href="/review">See your campaigns</Link>.
      </Alert>
    );
  }
  return <ErrorView error={error as Parameters<typeof ErrorView>[0]["error"]} />;
}
