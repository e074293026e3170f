import { describe, expect, test } from "vitest";
import { initialKeyState, type KeyState, reduceKey } from "@/app/review/_components/review-keys";

const press = (s: KeyState, ...keys: string[]) => {
  let state = s;
  const effects = [];
  for (const key of keys) {
    const r = reduceKey(state, { key });
    state = r.state;
    effects.push(r.effect);
  }
  return { state, effects };
};

describe("pairwise keys", () => {
  const s0 = initialKeyState({ mode: "pairwise" });

  test.each([
    ["a", "A"],
    ["B", "B"],
    ["t", "tie"],
    ["x", "both_bad"],
  ] as const)("%s votes %s at once", (key, choice) => {
    const r = reduceKey(s0, { key });
    expect(r.effect).toEqual({ type: "vote", vote: { kind: "pairwise", choice } });
    expect(r.handled).toBe(true);
  });

  test("Enter does nothing without a choice and confirms a reopened one", () => {
    expect(reduceKey(s0, { key: "Enter" }).effect).toBeNull();
    const reopened = initialKeyState({ mode: "pairwise", previous: { choice: "tie" } });
    expect(reduceKey(reopened, { key: "Enter" }).effect).toEqual({
      type: "vote",
      vote: { kind: "pairwise", choice: "tie" },
    });
  });

  test("arrows go back and skip; rubric digits are not votes here", () => {
    expect(reduceKey(s0, { key: "ArrowLeft" }).effect).toEqual({ type: "back" });
    expect(reduceKey(s0, { key: "ArrowRight" }).effect).toEqual({ type: "skip" });
    expect(reduceKey(s0, { key: "3" })).toMatchObject({ effect: null, handled: false });
  });

  test("modified keys belong to the browser (Ctrl+B, Cmd+A)", () => {
    expect(reduceKey(s0, { key: "b", ctrlKey: true })).toMatchObject({
      effect: null,
      handled: false,
    });
    expect(reduceKey(s0, { key: "a", metaKey: true })).toMatchObject({
      effect: null,
      handled: false,
    });
  });

  test("? and G toggle their panels; while the sheet is open a letter does not vote; Esc closes", () => {
    const help = press(s0, "?").state;
    expect(help.overlay).toBe("help");
    expect(reduceKey(help, { key: "a" }).effect).toBeNull();
    expect(press(help, "Escape").state.overlay).toBeNull();
    const guide = press(s0, "g").state;
    expect(guide.overlay).toBe("guidelines");
    // Guidelines stay open beside the item: a vote still works.
    expect(reduceKey(guide, { key: "a" }).effect).toMatchObject({ type: "vote" });
    expect(press(guide, "G").state.overlay).toBeNull();
  });
});

describe("rubric keys", () => {
  const s0 = initialKeyState({
    mode: "rubric",
    criteria: ["fluency", "accuracy", "style"],
    passFail: true,
  });

  test("digits score the focused criterion and move focus to the next, stopping at the last", () => {
    const { state } = press(s0, "4", "2", "5", "3");
    expect(state.scores).toEqual({ fluency: 4, accuracy: 2, style: 3 });
    expect(state.focus).toBe(2);
  });

  test("Enter submits only when every criterion and pass/fail are set", () => {
    const partial = press(s0, "4", "2").state;
    expect(reduceKey(partial, { key: "Enter" }).effect).toBeNull();
    const scored = press(partial, "5").state;
    expect(reduceKey(scored, { key: "Enter" }).effect).toBeNull();
    const done = press(scored, "f").state;
    expect(reduceKey(done, { key: "Enter" }).effect).toEqual({
      type: "vote",
      vote: { kind: "rubric", scores: { fluency: 4, accuracy: 2, style: 5 }, pass: false },
    });
  });

  test("arrows up and down move focus within bounds; 6 and 0 are ignored", () => {
    const { state } = press(s0, "ArrowUp", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown");
    expect(state.focus).toBe(2);
    expect(press(state, "6", "0").state.scores).toEqual({});
  });

  test("a reopened vote starts from its previous scores", () => {
    const s = initialKeyState({ mode: "rubric", criteria: ["q"], previous: { scores: { q: 2 } } });
    expect(reduceKey(s, { key: "Enter" }).effect).toEqual({
      type: "vote",
      vote: { kind: "rubric", scores: { q: 2 } },
    });
  });
});
