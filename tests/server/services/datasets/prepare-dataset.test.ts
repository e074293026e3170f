import { afterEach, describe, expect, it } from "vitest";
import { prepareDataset } from "@/server/services/datasets/prepare-dataset";
import { seededSplit } from "@/server/services/datasets/split";

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ prompt: `q${i}`, completion: `answer ${i}` }),
  ).join("\n");
const base = { format: "auto" as const, evalFraction: 0.2, splitSeed: 7 };

describe("prepareDataset", () => {
  afterEach(() => delete process.env.TUNEBENCH_MAX_DATASET_BYTES);

  it("splits deterministically by seed and keeps every example exactly once", () => {
    const a = prepareDataset({ ...base, trainJsonl: lines(50) });
    const b = prepareDataset({ ...base, trainJsonl: lines(50) });
    const c = prepareDataset({ ...base, splitSeed: 8, trainJsonl: lines(50) });
    if (!a.ok || !b.ok || !c.ok) throw new Error("expected ok");
    expect(a.dataset.eval).toHaveLength(10);
    expect(a.dataset.train).toHaveLength(40);
    expect(a.dataset.hash).toBe(b.dataset.hash);
    expect(c.dataset.hash).not.toBe(a.dataset.hash);
    const lineNumbers = [...a.dataset.train, ...a.dataset.eval]
      .map((e) => e.line)
      .sort((x, y) => x - y);
    expect(lineNumbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("uses a separate eval file as is", () => {
    const r = prepareDataset({ ...base, trainJsonl: lines(5), evalJsonl: lines(3) });
    if (!r.ok) throw new Error(r.message);
    expect([r.dataset.train.length, r.dataset.eval.length]).toEqual([5, 3]);
    expect(r.dataset.split).toEqual({ evalSource: "file" });
    expect(r.dataset.stats.eval.count).toBe(3);
    expect(r.dataset.stats.train.completionChars.max).toBe("answer 4".length);
  });

  it("reports errors from both files", () => {
    const r = prepareDataset({ ...base, trainJsonl: `${lines(3)}\nbad`, evalJsonl: "{}" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.file}:${e.line}`)).toEqual(["train:4", "eval:1"]);
  });

  it("refuses a file over the size limit with a clear message", () => {
    process.env.TUNEBENCH_MAX_DATASET_BYTES = "100";
    const r = prepareDataset({ ...base, trainJsonl: lines(20) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/train file is .* MB; the limit is/);
  });
});

describe("seededSplit", () => {
  it("holds out at least one and never everything", () => {
    expect(seededSplit([1, 2], 0.01, 1).eval).toHaveLength(1);
    expect(seededSplit([1, 2], 0.5, 1).train).toHaveLength(1);
  });
});
