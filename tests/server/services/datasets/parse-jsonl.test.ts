import { describe, expect, it } from "vitest";
import { capErrors, parseJsonl } from "@/server/services/datasets/parse-jsonl";

const chat = (u: string, a: string) =>
  JSON.stringify({
    messages: [
      { role: "user", content: u },
      { role: "assistant", content: a },
    ],
  });

describe("parseJsonl", () => {
  it("accepts chat lines and normalises prompt/completion to the same messages", () => {
    const a = parseJsonl(
      [chat("2024-03-07", "7 March 2024"), "", chat("x", "y")].join("\n"),
      "train",
    );
    expect(a.errors).toEqual([]);
    expect(a.format).toBe("chat");
    expect(a.examples.map((e) => e.line)).toEqual([1, 3]);
    const b = parseJsonl(
      JSON.stringify({ prompt: "2024-03-07", completion: "7 March 2024" }),
      "train",
    );
    expect(b.format).toBe("prompt_completion");
    expect(b.examples[0]!.messages).toEqual(a.examples[0]!.messages);
  });

  it("names the line, the field and the reason", () => {
    const text = [
      chat("a", "b"),
      "{not json",
      JSON.stringify({
        messages: [
          { role: "robot", content: "hi" },
          { role: "assistant", content: "x" },
        ],
      }),
      JSON.stringify({
        messages: [
          { role: "user", content: 3 },
          { role: "assistant", content: "x" },
        ],
      }),
      JSON.stringify({ messages: [{ role: "user", content: "q" }] }),
      JSON.stringify({ prompt: "p", completion: "c" }),
      JSON.stringify([1, 2]),
    ].join("\n");
    const { errors, examples } = parseJsonl(text, "eval");
    expect(examples).toHaveLength(1);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, "(line)"],
      [3, "messages[0].role"],
      [4, "messages[0].content"],
      [5, "messages[0].role"],
      [6, "prompt"],
      [7, "(line)"],
    ]);
    expect(errors.every((e) => e.file === "eval")).toBe(true);
    expect(errors[1]!.reason).toContain('"robot"');
    expect(errors[4]!.reason).toContain("line 1");
  });

  it("reports missing prompt/completion fields separately", () => {
    const { errors } = parseJsonl(JSON.stringify({ prompt: "" }), "train");
    expect(errors.map((e) => e.field)).toEqual(["prompt", "completion"]);
  });

  it("refuses an empty file", () => {
    expect(parseJsonl("\n\n", "train").errors[0]!.reason).toMatch(/no examples/);
  });

  it("caps errors and counts the rest", () => {
    const many = Array.from({ length: 120 }, () => "nope").join("\n");
    const { errors, more } = capErrors(parseJsonl(many, "train").errors);
    expect(errors).toHaveLength(50);
    expect(more).toBe(70);
    expect(errors[49]!.line).toBe(50);
  });
});
