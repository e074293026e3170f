import { describe, expect, it } from "vitest";
import { builtinPrompt, checkTemplate, fillTemplate, parsePairwise, renderPrompt } from "@/evals";

describe("checkTemplate", () => {
  it("accepts a template with the mode's placeholders", () => {
    expect(checkTemplate("Q: {{question}}\nA: {{ answer }}\nRef: {{reference}}", "single")).toEqual(
      [],
    );
  });
  it("names an unknown placeholder and its line", () => {
    const issues = checkTemplate("Q: {{question}}\nA: {{answer}}\n{{ansewr}}", "single");
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ placeholder: "ansewr", line: 3 });
    expect(issues[0]!.message).toContain("unknown placeholder {{ansewr}}");
  });
  it("names a placeholder the mode needs and lacks, or cannot fill", () => {
    const issues = checkTemplate("{{question}} {{answer_a}} {{answer}}", "pairwise");
    expect(issues.map((i) => i.placeholder)).toEqual(["answer", "answer_b"]);
    expect(issues[1]!.message).toBe("a pairwise template must contain {{answer_b}}");
  });
});

describe("rendering", () => {
  it("fills every placeholder in one pass", () => {
    expect(
      fillTemplate("{{answer_a}} | {{answer_b}}", { answer_a: "says {{answer_b}}", answer_b: "B" }),
    ).toBe("says {{answer_b}} | B");
  });
  it("refuses a reference the sample does not have", () => {
    expect(() => fillTemplate("{{reference}}", {})).toThrow(/no reference answer/);
  });
  it("shows the reference in the built-in single prompt only when there is one", () => {
    const values = { question: "2+2?", answer: "4", reference: "four" };
    const withRef = renderPrompt(builtinPrompt("single", { hasReference: true }), values);
    const without = renderPrompt(builtinPrompt("single", { hasReference: false }), values);
    expect(withRef[1]!.content).toContain("[The Start of Reference Answer]\nfour");
    expect(without[1]!.content).not.toContain("four");
  });
  it("asks the built-in pairwise judge for FastChat's verdict tokens", () => {
    const [system, user] = renderPrompt(builtinPrompt("pairwise", { hasReference: false }), {
      question: "Q",
      answer_a: "first",
      answer_b: "second",
    });
    expect(system!.content).toContain('"[[A]]" if assistant A is better');
    expect(user!.content).toContain("[The Start of Assistant A's Answer]\nfirst\n");
    expect(parsePairwise(system!.content)).toBe("A");
  });
  it("lists each rubric criterion with its rating line", () => {
    const [, user] = renderPrompt(
      builtinPrompt("rubric", {
        hasReference: false,
        criteria: [{ key: "tone", label: "Polite" }],
      }),
      { question: "Q", answer: "A" },
    );
    expect(user!.content).toContain("- tone: Polite");
    expect(user!.content).toContain("tone: [[rating]]");
  });
});
