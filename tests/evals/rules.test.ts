import { describe, expect, it } from "vitest";
import { checkRules, compileRules, scoreRules } from "@/evals/rules/compile";
import type { RuleSpec } from "@/evals/rules/spec";

const one = (rule: RuleSpec) => compileRules([rule])[0]!;
const scores = (rule: RuleSpec, outputs: string[]) => {
  const compiled = one(rule);
  return outputs.map((o) => compiled.score(o).score);
};

describe("contains", () => {
  it("finds a substring, optionally ignoring case or negated, and says why it failed", () => {
    const rule: RuleSpec = { kind: "contains", name: "paris", value: "Paris" };
    expect(scores(rule, ["It is Paris.", "it is paris", ""])).toEqual([100, 0, 0]);
    expect(scores({ ...rule, ignoreCase: true }, ["IT IS PARIS", "Pari s"])).toEqual([100, 0]);
    expect(scores({ ...rule, negate: true }, ["Paris", "Lyon"])).toEqual([0, 100]);
    expect(one(rule).score("Lyon")).toEqual({ score: 0, reason: 'does not contain "Paris"' });
    expect(one({ ...rule, negate: true }).score("Paris").reason).toBe('contains "Paris"');
    // Unicode lowercasing, not case folding: "ß" is not "ss".
    expect(scores({ ...rule, value: "STRASSE", ignoreCase: true }, ["straße", "strasse"])).toEqual([
      0, 100,
    ]);
  });
});

describe("regex (RE2)", () => {
  it("searches anywhere, with i/m/s flags and negation", () => {
    const rule: RuleSpec = { kind: "regex", name: "answer", pattern: "^Answer: [A-D]$" };
    expect(scores(rule, ["Answer: C", "x\nAnswer: C", "answer: c"])).toEqual([100, 0, 0]);
    expect(scores({ ...rule, flags: "m" }, ["x\nAnswer: C\ny"])).toEqual([100]);
    expect(scores({ ...rule, flags: "im" }, ["x\nanswer: c"])).toEqual([100]);
    expect(scores({ kind: "regex", name: "d", pattern: "a.b", flags: "s" }, ["a\nb"])).toEqual([
      100,
    ]);
    expect(scores({ kind: "regex", name: "d", pattern: "a.b" }, ["a\nb"])).toEqual([0]);
    expect(
      scores({ kind: "regex", name: "n", pattern: "\\d", negate: true }, ["abc", "a1"]),
    ).toEqual([100, 0]);
    expect(
      scores({ kind: "regex", name: "u", pattern: "^\\p{Greek}+$" }, ["σοφία", "sofia"]),
    ).toEqual([100, 0]);
  });

  it("answers patterns that make backtracking engines explode, on long model output", () => {
    const redos = "a".repeat(100_000);
    // A backtracking engine tries every way to split the run of a's before giving up at "!".
    expect(
      scores({ kind: "regex", name: "r", pattern: "(a+)+$" }, [`${redos}!`, `!${redos}`]),
    ).toEqual([0, 100]);
    expect(scores({ kind: "regex", name: "r", pattern: "^(a+)+$" }, [`${redos}!`, redos])).toEqual([
      0, 100,
    ]);
    expect(
      scores({ kind: "regex", name: "r", pattern: "^(\\w+\\s?)*$" }, [
        `${"word ".repeat(20_000)}!`,
      ]),
    ).toEqual([0]);
  });

  it("rejects invalid or non-RE2 patterns when the suite is checked", () => {
    const issues = checkRules([
      { kind: "regex", name: "a", pattern: "(a" },
      { kind: "regex", name: "b", pattern: "(?=x)y" },
      { kind: "regex", name: "c", pattern: "(a)\\1" },
      { kind: "regex", name: "d", pattern: "x", flags: "ig" },
      { kind: "regex", name: "e", pattern: "x", flags: "ii" },
      { kind: "regex", name: "f", pattern: "" },
    ]);
    expect(issues.map((i) => i.path)).toEqual([
      [3, "flags"],
      [4, "flags"],
      [5, "pattern"],
    ]);
    const compileIssues = checkRules([
      { kind: "regex", name: "a", pattern: "(a" },
      { kind: "regex", name: "b", pattern: "(?=x)y" },
      { kind: "regex", name: "c", pattern: "(a)\\1" },
    ]);
    expect(compileIssues).toEqual([
      {
        path: [0, "pattern"],
        message: expect.stringMatching(/not a valid RE2 pattern: .*missing closing \)/),
      },
      { path: [1, "pattern"], message: expect.stringMatching(/unsupported Perl syntax/) },
      { path: [2, "pattern"], message: expect.stringMatching(/invalid escape sequence/) },
    ]);
    expect(() => compileRules([{ kind: "regex", name: "a", pattern: "(a" }])).toThrow(
      /^rules\[0\]\.pattern: not a valid RE2 pattern: error parsing regexp: missing closing \)/,
    );
  });
});

describe("validJson and jsonSchema", () => {
  it("validJson: one JSON value, surrounding whitespace allowed, no code fences", () => {
    const rule: RuleSpec = { kind: "validJson", name: "json" };
    expect(
      scores(rule, ['{"a": 1}', " [1, 2]\n", "true", "{'a': 1}", "", "```json\n{}\n```"]),
    ).toEqual([100, 100, 100, 0, 0, 0]);
    expect(one(rule).score("{").reason).toMatch(/^not valid JSON \(/);
  });

  const person = {
    type: "object",
    required: ["name", "age"],
    properties: { name: { type: "string", pattern: "^[A-Z]" }, age: { type: "integer" } },
    additionalProperties: false,
  };
  it("jsonSchema: parses, then validates (draft 2020-12 by default), with the first error as reason", () => {
    const rule: RuleSpec = { kind: "jsonSchema", name: "person", schema: person };
    expect(
      scores(rule, ['{"name": "Ada", "age": 36}', '{"name": "ada", "age": 36}', "{}"]),
    ).toEqual([100, 0, 0]);
    expect(one(rule).score('{"name": "Ada", "age": 3.5}').reason).toBe(
      "schema: /age must be integer",
    );
    expect(one(rule).score('{"name": "Ada"}').reason).toBe(
      "schema: (root) must have required property 'age'",
    );
    expect(one(rule).score("Ada, 36").reason).toMatch(/^not valid JSON/);
    const prefixItems = { type: "array", prefixItems: [{ type: "number" }], items: false };
    expect(
      scores({ kind: "jsonSchema", name: "t", schema: prefixItems }, ["[1]", "[1, 2]"]),
    ).toEqual([100, 0]);
    const draft7 = {
      $schema: "http://json-schema.org/draft-07/schema#",
      definitions: { n: { type: "number" } },
      items: { $ref: "#/definitions/n" },
    };
    expect(scores({ kind: "jsonSchema", name: "d7", schema: draft7 }, ["[1]", '["x"]'])).toEqual([
      100, 0,
    ]);
    expect(scores({ kind: "jsonSchema", name: "any", schema: true }, ["null", "x"])).toEqual([
      100, 0,
    ]);
    // format is an annotation only (no format vocabulary is loaded).
    const email = { type: "string", format: "email" };
    expect(scores({ kind: "jsonSchema", name: "e", schema: email }, ['"not an email"'])).toEqual([
      100,
    ]);
  });

  it("runs schema patterns on RE2 and survives hostile nesting", () => {
    const redos = { type: "string", pattern: "^(a+)+$" };
    const rule: RuleSpec = { kind: "jsonSchema", name: "r", schema: redos };
    expect(scores(rule, [JSON.stringify(`${"a".repeat(100_000)}!`), '"aaa"'])).toEqual([0, 100]);
    const nested = { type: "array", items: { $ref: "#" } };
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const result = one({ kind: "jsonSchema", name: "n", schema: nested }).score(deep);
    expect(result.score).toBe(0);
    expect(result.reason).toMatch(/^schema: could not be validated/);
  });

  it("rejects invalid schemas when the suite is checked", () => {
    const issues = checkRules([
      { kind: "jsonSchema", name: "a", schema: { type: "strin" } },
      { kind: "jsonSchema", name: "b", schema: { typo: 1 } },
      { kind: "jsonSchema", name: "c", schema: { type: "string", pattern: "(?<=a)b" } },
      { kind: "jsonSchema", name: "d", schema: { $ref: "https://example.com/s.json" } },
      { kind: "jsonSchema", name: "e", schema: { $schema: "https://example.com/mine" } },
    ]);
    expect(issues.map((i) => i.path)).toEqual([0, 1, 2, 3, 4].map((i) => [i, "schema"]));
    expect(issues[1]!.message).toMatch(
      /not a valid JSON Schema: strict mode: unknown keyword: "typo"/,
    );
    expect(issues[3]!.message).toMatch(/can't resolve reference/);
    expect(issues[4]!.message).toMatch(/unsupported \$schema/);
    expect(checkRules([{ kind: "jsonSchema", name: "a", schema: [1] }])[0]!.message).toMatch(
      /schema must be a JSON Schema object/,
    );
  });
});

describe("lengthBounds", () => {
  it("counts code points or Python-whitespace words, bounds inclusive", () => {
    const chars: RuleSpec = { kind: "lengthBounds", name: "short", unit: "characters", max: 3 };
    expect(scores(chars, ["abc", "abcd", "😀😀😀", ""])).toEqual([100, 0, 100, 100]);
    const words: RuleSpec = { kind: "lengthBounds", name: "w", unit: "words", min: 2, max: 3 };
    expect(scores(words, ["one", "one two", " one\u00a0two\u0085three ", "a b c d"])).toEqual([
      0, 100, 100, 0,
    ]);
    expect(one(words).score("a b c d").reason).toBe("4 words, more than 3");
    expect(one(words).score("a").reason).toBe("1 words, fewer than 2");
  });

  it("needs a unit and sane bounds", () => {
    const issues = checkRules([
      { kind: "lengthBounds", name: "a", unit: "characters" },
      { kind: "lengthBounds", name: "b", unit: "tokens", max: 3 },
      { kind: "lengthBounds", name: "c", unit: "words", min: 5, max: 2 },
      { kind: "lengthBounds", name: "d", unit: "words", min: -1 },
      { kind: "lengthBounds", name: "e", unit: "words", max: 2.5 },
    ]);
    expect(issues).toEqual([
      { path: [0, "min"], message: "give min, max or both" },
      { path: [1, "unit"], message: 'unit must be "characters" or "words"' },
      { path: [2, "max"], message: "max (2) is below min (5)" },
      { path: [3, "min"], message: "min must be a whole number ≥ 0" },
      { path: [4, "max"], message: "max must be a whole number ≥ 0" },
    ]);
  });
});

describe("a suite's rule list", () => {
  it("reports every shape problem with its place", () => {
    expect(checkRules({})).toEqual([{ path: [], message: "rules must be an array" }]);
    expect(checkRules(Array.from({ length: 51 }, () => ({})))[0]!.message).toBe(
      "at most 50 rules, got 51",
    );
    const issues = checkRules([
      "contains",
      { kind: "startsWith", name: "a" },
      { kind: "validJson", name: "1st" },
      { kind: "validJson", name: "ok" },
      { kind: "validJson", name: "ok" },
      { kind: "contains", name: "c", value: "x", pattern: "y", ignoreCase: "yes" },
      { kind: "contains", name: "d", value: "x".repeat(10_001) },
    ]);
    expect(issues).toEqual([
      { path: [0], message: "a rule must be an object" },
      {
        path: [1, "kind"],
        message: expect.stringMatching(/^kind must be one of contains, regex, .* got "startsWith"/),
      },
      { path: [2, "name"], message: expect.stringMatching(/^name must start with a letter/) },
      { path: [4, "name"], message: 'two rules are named "ok"' },
      {
        path: [5, "pattern"],
        message: expect.stringMatching(/^unknown field for a contains rule/),
      },
      { path: [5, "ignoreCase"], message: "ignoreCase must be true or false" },
      { path: [6, "value"], message: "value is longer than 10000 characters" },
    ]);
    expect(() => compileRules([{ kind: "validJson" }, "x"])).toThrow(
      /^rules\[0\]\.name: name must .*; rules\[1\]: a rule must be an object$/,
    );
  });

  it("scores outputs per sample (0/100) and as a pass rate with a bootstrap CI", () => {
    const rules = compileRules([
      { kind: "validJson", name: "json" },
      { kind: "contains", name: "yes", value: "yes", ignoreCase: true },
    ]);
    const out = scoreRules(rules, ['{"a": "yes"}', "YES", "no", "[]"], { nSamples: 200 });
    expect(out.perSample).toEqual({ json: [100, 0, 0, 100], yes: [100, 100, 0, 0] });
    expect(out.corpus.json!.score).toBe(50);
    expect(out.corpus.json!.ci).toBeGreaterThan(0);
    expect(out.corpus.yes!.signature).toBe("contains|scale:0-100|bs:200|seed:12345");
    expect(() => scoreRules(rules, [])).toThrow(/empty eval set/);
    expect(() => scoreRules(rules, ["a", 1 as unknown as string])).toThrow(
      /outputs\[1\] must be a string/,
    );
  });
});
