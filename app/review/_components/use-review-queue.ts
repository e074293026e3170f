"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPCClient } from "@/app/_trpc/client";
import type { ReviewItem } from "@/server/schemas/reviews";
import {
  type Effect,
  initialKeyState,
  type KeyInput,
  type KeyState,
  reduceKey,
} from "./review-keys";

export type WorkStatus =
  | { kind: "loading" }
  | { kind: "item"; item: ReviewItem }
  | { kind: "done" }
  | { kind: "closed" }
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

/**
 * The reviewer's queue as state: the item on screen, the key state, the note, the last message.
 * Every answer from the server (vote, skip, back) is the next item itself, so auto-advance costs
 * one round trip. Presses are ignored while a request is in flight, so a double press never votes
 * twice on the next item. No next item means done, or closed: the campaign's status says which.
 */
export function useReviewQueue(campaignId: string) {
  const client = useTRPCClient();
  const [status, setStatus] = useState<WorkStatus>({ kind: "loading" });
  const [keys, setKeys] = useState<KeyState>(() => initialKeyState({ mode: "pairwise" }));
  const [note, setNote] = useState("");
  const [flash, setFlash] = useState<{ text: string; warn: boolean } | null>(null);
  const [guidelines, setGuidelines] = useState<string | null>(null);
  // Counts items shown, so tests and people can tell "a new item arrived" without any item id.
  const [seq, setSeq] = useState(0);
  const busy = useRef(false);
  const keysRef = useRef(keys);
  keysRef.current = keys;

  const show = useCallback(
    async (item: ReviewItem | null, message: string | null, warn = false) => {
      let closed = false;
      if (item) {
        setStatus({ kind: "item", item });
        setKeys(keyStateFor(item, keysRef.current.overlay === "guidelines" ? "guidelines" : null));
        setNote(item.previous?.pairwise?.reason ?? item.previous?.rubric?.comment ?? "");
        setGuidelines(item.guidelines);
      } else {
        closed = (await client.reviews.guidelines.query({ campaignId })).status === "closed";
        setStatus({ kind: closed ? "closed" : "done" });
      }
      setSeq((n) => n + 1);
      setFlash(message && !closed ? { text: message, warn } : null);
    },
    [client, campaignId],
  );

  const run = useCallback(
    async (request: () => Promise<ReviewItem | null>, message: string | null, onSlot = false) => {
      if (busy.current) return;
      busy.current = true;
      try {
        await show(await request(), message);
      } catch (error) {
        const code = (error as { data?: { code?: string } })?.data?.code;
        if (onSlot && (code === "CONFLICT" || code === "NOT_FOUND")) {
          // The reservation lapsed (the reviewer was away past its timeout) or the campaign closed
          // meanwhile: that vote was not stored; carry on with whatever is next (often the same
          // item), or show the campaign closed.
          try {
            await show(
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

  return { status, keys, setKeys, note, setNote, flash, guidelines, seq, press };
}
