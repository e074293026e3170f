import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { Markdown, safeUrl } from "@/app/_components/markdown";

const render = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

/** Every tag name and attribute name in a piece of static markup. */
function tagsAndAttributes(html: string): { tags: Set<string>; attrs: Set<string> } {
  const tags = new Set<string>(),
    attrs = new Set<string>();
  for (const m of html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)) {
    tags.add(m[1]!.toLowerCase());
    for (const a of m[2]!.matchAll(/\s([^\s=/>]+)(?==|\s|$|\/)/g)) attrs.add(a[1]!.toLowerCase());
  }
  return { tags, attrs };
}

const HOSTILE = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)" onclick="alert(2)">raw link</a>',
  '<div style="background:url(javascript:alert(1))" onmouseover="alert(3)">hover</div>',
  "[click me](javascript:alert(1))",
  "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[vb](vbscript:msgbox(1))",
  "![pixel](https://tracker.example/p.gif?run=secret)",
  "![x](javascript:alert(1))",
  "<svg onload=alert(1)><circle/></svg>",
  '<form action="https://evil.example"><input name=x></form>',
  "<details open ontoggle=alert(1)>x</details>",
  "[ref]: javascript:alert(1)\n\n[ref link][ref]",
].join("\n\n");

describe("Markdown (untrusted model output)", () => {
  test("renders code blocks, emphasis, lists and tables", () => {
    const html = render(
      "**bold** and `x`\n\n```ts\nconst a = 1 < 2;\n```\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    );
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toMatch(
      /<pre[^>]*><code class="language-ts">const a = 1 &lt; 2;\n<\/code><\/pre>/,
    );
    expect(html).toContain("<li>two</li>");
    expect(html).toContain("<td>2</td>");
  });

  test("never emits script, img, iframe, form or svg elements, nor on* or style attributes, from hostile input", () => {
    const html = render(HOSTILE);
    const { tags, attrs } = tagsAndAttributes(html);
    for (const bad of [
      "script",
      "img",
      "iframe",
      "form",
      "svg",
      "details",
      "div",
      "object",
      "embed",
      "style",
    ]) {
      // The wrapper <div class="markdown"> is ours; count divs beyond it.
      if (bad === "div") expect(html.match(/<div/g)?.length).toBe(1);
      else expect(tags.has(bad), `<${bad}> in ${html}`).toBe(false);
    }
    for (const a of attrs) expect(a.startsWith("on"), `attribute ${a}`).toBe(false);
    expect(attrs.has("style")).toBe(false);
    expect(attrs.has("src")).toBe(false);
    expect(html.toLowerCase()).not.toMatch(/href="\s*(javascript|data|vbscript):/);
  });

  test("shows raw HTML literally, as escaped text", () => {
    const html = render("before <script>alert(1)</script> after");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("blocks images, showing their alt text, and keeps http links with no referrer", () => {
    const html = render(
      "![a chart](https://tracker.example/p.gif) and [docs](https://example.com/x)",
    );
    expect(html).toContain("[image not loaded: a chart]");
    expect(html).not.toContain("tracker.example");
    expect(html).toMatch(
      /<a href="https:\/\/example.com\/x" target="_blank" rel="noopener noreferrer nofollow"/,
    );
  });

  test("a javascript: link keeps its text but loses its target", () => {
    const html = render("[click me](javascript:alert(1))");
    expect(html).toContain("click me");
    expect(html).not.toContain("javascript");
  });

  test("safeUrl keeps only http(s) and mailto", () => {
    expect(safeUrl("https://a.example")).toBe("https://a.example");
    expect(safeUrl("mailto:a@b.c")).toBe("mailto:a@b.c");
    expect(safeUrl(" JavaScript:alert(1)")).toBe("");
    expect(safeUrl("data:text/html,x")).toBe("");
    expect(safeUrl("/relative")).toBe("");
  });
});
