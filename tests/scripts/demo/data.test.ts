import { describe, expect, it } from "vitest";
import { demoJsonl, NAME_PATTERN } from "@/scripts/demo/data";
import { demoSuite } from "@/scripts/demo/seed";
import { EvalSuite } from "@/server/schemas/experiments";
import { parseJsonl } from "@/server/services/datasets/parse-jsonl";
import { checkSuiteRules } from "@/server/services/experiments/check-suite-rules";
import { checkScorers, runScorers } from "@/trainers/local/score";

const lines = (jsonl: string) =>
  jsonl
    .trim()
    .split("\n")
    .map(
      (l) =>
        JSON.parse(l) as { messages: { role: string; content: string }[]; references: string[] },
    );

describe("the demo's restaurant data", () => {
  it("is the same for the same seed, and other data for another", () => {
    expect(demoJsonl(40).jsonl).toBe(demoJsonl(40).jsonl);
    expect(demoJsonl(40, { seed: 7 }).jsonl).not.toBe(demoJsonl(40).jsonl);
  });

  it("gives each record four different phrasings, each naming the restaurant and stating its facts", () => {
    const train = demoJsonl(128);
    const parsed = parseJsonl(train.jsonl, "train");
    expect(parsed.errors).toEqual([]);
    expect(parsed.examples).toHaveLength(128);
    for (const [i, line] of lines(train.jsonl).entries()) {
      const record = line.messages[1]!.content;
      const name = record.match(/^name: ([^|]+) \|/)![1]!;
      const rating = record.match(/rating: (\d)\/5$/)![1]!;
      const phrasings = [line.messages[2]!.content, ...line.references];
      expect(new Set(phrasings).size, record).toBe(4);
      for (const p of phrasings) {
        expect(p).toContain(name);
        expect(p).toContain(`${rating} out of 5`);
        expect(p).toMatch(new RegExp(NAME_PATTERN));
      }
      expect(parsed.examples[i]!.references).toEqual(line.references);
    }
  });

  it("keeps the eval restaurants out of the training data", () => {
    const train = demoJsonl(128);
    const evalSet = demoJsonl(30, { exclude: train.names });
    expect(evalSet.names.size).toBe(30);
    expect([...evalSet.names].filter((n) => train.names.has(n))).toEqual([]);
  });

  it("is scored by a valid suite whose custom scorer counts the facts a sentence states", async () => {
    const suite = EvalSuite.parse(demoSuite());
    expect(() => checkSuiteRules(suite)).not.toThrow();
    expect(await checkScorers(suite.customScorers!)).toEqual([]);
    const [line] = lines(demoJsonl(1).jsonl);
    const prompt = line!.messages
      .map((m) => `${m.role}: ${m.content}`)
      .slice(0, 2)
      .join("\n");
    const name = line!.messages[1]!.content.match(/^name: ([^|]+) \|/)![1]!;
    const outputs = [line!.messages[2]!.content, ...line!.references, `${name} is a restaurant.`];
    const { facts } = await runScorers(
      suite.customScorers!,
      outputs.map((output) => ({ prompt, output, reference: line!.messages[2]!.content })),
    );
    // Every phrasing states all five facts; the last sentence, only the name.
    expect(facts).toEqual([100, 100, 100, 100, 20].map((score) => ({ score })));
  });
});
