import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { ItemView } from "@/app/review/_components/item-view";
import { initialKeyState } from "@/app/review/_components/review-keys";
import type { ReviewItem } from "@/server/schemas/reviews";

const base: ReviewItem = {
  slot: "tok",
  campaignId: "c1",
  mode: "pairwise",
  position: 1,
  total: 6,
  prompt: "Rewrite <b>this</b>",
  reference: "ref",
  outputs: [
    { side: "A", text: "<img src=x onerror=alert(1)> plain A" },
    { side: "B", text: "```js\n<script>alert(1)</script>\n```\n[x](javascript:alert(2))" },
  ],
  expiresAt: new Date(0),
  guidelines: "",
  rubric: null,
};

const render = (
  item: ReviewItem,
  keys = initialKeyState({
    mode: item.mode,
    criteria: item.rubric?.criteria.map((c) => c.key),
    passFail: item.rubric?.passFail,
  }),
) =>
  renderToStaticMarkup(
    createElement(ItemView, { item, keys, note: "", onNote: () => {}, press: () => {} }),
  );

describe("ItemView", () => {
  test("pairwise: both sides shown as text, hostile markup inert", () => {
    const html = render(base);
    expect(html).toContain('data-testid="output-A"');
    expect(html).toContain('data-testid="output-B"');
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; plain A");
    expect(html).not.toMatch(/<img|<script|href="javascript/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    expect(html).toContain("Reason (optional)");
  });

  test("pairwise: the current choice is the one pressed button", () => {
    const keys = { ...initialKeyState({ mode: "pairwise" }), choice: "tie" as const };
    const html = render(base, keys);
    expect(html.match(/aria-pressed="true"/g)).toHaveLength(1);
    expect(html).toMatch(/aria-pressed="true"[^>]*><kbd>T<\/kbd>/);
  });

  test("rubric: every criterion with its five labels, the focused one marked, submit only when complete", () => {
    const item: ReviewItem = {
      ...base,
      mode: "rubric",
      outputs: [{ side: null, text: "one output" }],
      rubric: {
        criteria: [
          { key: "tone", label: "Tone", labels: ["awful", "poor", "ok", "good", "great"] },
          { key: "facts", label: "Facts", labels: ["1a", "2b", "3c", "4d", "5e"] },
        ],
        passFail: true,
        comment: true,
      },
    };
    const keys = {
      ...initialKeyState({ mode: "rubric", criteria: ["tone", "facts"], passFail: true }),
      focus: 1,
      scores: { tone: 4 },
    };
    const html = render(item, keys);
    for (const l of ["awful", "great", "1a", "5e"]) expect(html).toContain(l);
    expect(html).toMatch(/data-testid="criterion-facts" aria-current="true"/);
    expect(html).not.toMatch(/data-testid="criterion-tone" aria-current/);
    expect(html).toMatch(/<button type="button" class="btn btn-primary" disabled="">Submit/);
    expect(html).toContain("Comment");
    const done = render(item, { ...keys, scores: { tone: 4, facts: 2 }, pass: true });
    expect(done).toMatch(/<button type="button" class="btn btn-primary">Submit/);
  });
});
