/**
 * The reviewer's keyboard, as a pure function: (state, key) → (state, effect). The work page feeds
 * it keydown events and performs the effect (a vote, back, skip); everything a key does is
 * testable without a browser.
 *
 * Pairwise: A / B / T (tie) / X (both bad) vote at once and the next item follows (auto-advance,
 * as in Chatbot Arena). Rubric: 1–5 score the focused criterion and move to the next; P / F set
 * pass or fail; Enter submits once every criterion has a score. Everywhere: ← reopens the
 * previous vote, → skips, ? shows the shortcut sheet, G the guidelines, Esc closes either.
 */

import type { ReviewChoice, ReviewMode } from "@/core/enums";

export type Overlay = "help" | "guidelines" | null;

export type KeyState = {
  mode: ReviewMode;
  criteria: string[];
  passFail: boolean;
  focus: number;
  scores: Record<string, number>;
  pass: boolean | null;
  choice: ReviewChoice | null;
  overlay: Overlay;
};

export type Vote =
  | { kind: "pairwise"; choice: ReviewChoice }
  | { kind: "rubric"; scores: Record<string, number>; pass?: boolean };

export type Effect = { type: "vote"; vote: Vote } | { type: "back" } | { type: "skip" } | null;

export type KeyInput = { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean };

export function initialKeyState(opts: {
  mode: ReviewMode;
  criteria?: string[];
  passFail?: boolean;
  previous?: Partial<Pick<KeyState, "scores" | "pass" | "choice">>;
}): KeyState {
  return {
    mode: opts.mode,
    criteria: opts.criteria ?? [],
    passFail: opts.passFail ?? false,
    focus: 0,
    scores: { ...(opts.previous?.scores ?? {}) },
    pass: opts.previous?.pass ?? null,
    choice: opts.previous?.choice ?? null,
    overlay: null,
  };
}

/** The key that casts each pairwise choice (case-insensitive). */
export const CHOICE_KEYS: Record<ReviewChoice, string> = {
  A: "A",
  B: "B",
  tie: "T",
  both_bad: "X",
};
const PAIRWISE = new Map(
  Object.entries(CHOICE_KEYS).map(([choice, key]) => [key.toLowerCase(), choice as ReviewChoice]),
);

export function rubricComplete(s: KeyState): boolean {
  return s.criteria.every((c) => s.scores[c] != null) && (!s.passFail || s.pass != null);
}

export function rubricVote(s: KeyState): Vote {
  return {
    kind: "rubric",
    scores: { ...s.scores },
    ...(s.passFail && s.pass != null ? { pass: s.pass } : {}),
  };
}

/** Returns the next state and what to do; `handled` false means the key is not ours (let the
 *  browser have it). Modified keys (Ctrl/Cmd/Alt) are never ours: they are the browser's. */
export function reduceKey(
  s: KeyState,
  e: KeyInput,
): { state: KeyState; effect: Effect; handled: boolean } {
  const none = (state: KeyState = s) => ({ state, effect: null as Effect, handled: state !== s });
  if (e.ctrlKey || e.metaKey || e.altKey) return { state: s, effect: null, handled: false };
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;

  if (k === "?") return none({ ...s, overlay: s.overlay === "help" ? null : "help" });
  if (k === "g") return none({ ...s, overlay: s.overlay === "guidelines" ? null : "guidelines" });
  if (k === "Escape")
    return s.overlay ? none({ ...s, overlay: null }) : { state: s, effect: null, handled: false };
  // While the shortcut sheet is open, keys do nothing else: a stray digit must not vote.
  if (s.overlay === "help") return { state: s, effect: null, handled: false };

  if (k === "ArrowLeft") return { state: s, effect: { type: "back" }, handled: true };
  if (k === "ArrowRight") return { state: s, effect: { type: "skip" }, handled: true };

  if (s.mode === "pairwise") {
    const choice = PAIRWISE.get(k);
    if (choice)
      return {
        state: { ...s, choice },
        effect: { type: "vote", vote: { kind: "pairwise", choice } },
        handled: true,
      };
    // Enter confirms a reopened vote as it stands.
    if (k === "Enter" && s.choice)
      return {
        state: s,
        effect: { type: "vote", vote: { kind: "pairwise", choice: s.choice } },
        handled: true,
      };
    return { state: s, effect: null, handled: k === "Enter" };
  }

  if (/^[1-5]$/.test(k) && s.criteria.length > 0) {
    const key = s.criteria[s.focus]!;
    const scores = { ...s.scores, [key]: Number(k) };
    const focus = Math.min(s.focus + 1, s.criteria.length - 1);
    return none({ ...s, scores, focus });
  }
  if (k === "ArrowDown" || k === "j")
    return none({ ...s, focus: Math.min(s.focus + 1, Math.max(0, s.criteria.length - 1)) });
  if (k === "ArrowUp" || k === "k") return none({ ...s, focus: Math.max(s.focus - 1, 0) });
  if (s.passFail && (k === "p" || k === "f")) return none({ ...s, pass: k === "p" });
  if (k === "Enter") {
    if (!rubricComplete(s)) return { state: s, effect: null, handled: true };
    return { state: s, effect: { type: "vote", vote: rubricVote(s) }, handled: true };
  }
  return { state: s, effect: null, handled: false };
}

/** The shortcut sheet, one source for the overlay and the footer hints. */
export function shortcuts(mode: ReviewMode, passFail: boolean): { keys: string; does: string }[] {
  const common = [
    { keys: "←", does: "back: reopen your previous vote" },
    { keys: "→", does: "skip this item" },
    { keys: "G", does: "show or hide the guidelines" },
    { keys: "?", does: "show or hide this sheet" },
    { keys: "Esc", does: "close a panel, or leave the comment field" },
  ];
  if (mode === "pairwise") {
    return [
      { keys: "A", does: "A is better (votes and moves on)" },
      { keys: "B", does: "B is better" },
      { keys: "T", does: "tie: both equally good" },
      { keys: "X", does: "both bad" },
      { keys: "Enter", does: "confirm a reopened vote unchanged" },
      ...common,
    ];
  }
  return [
    { keys: "1–5", does: "score the highlighted criterion, then move to the next" },
    { keys: "↑ ↓", does: "move between criteria" },
    ...(passFail ? [{ keys: "P / F", does: "pass or fail" }] : []),
    { keys: "Enter", does: "submit once every criterion is scored" },
    ...common,
  ];
}
