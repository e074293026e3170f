import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetExamples, datasetVersions } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { ServiceError } from "@/server/errors";
import { uploadDataset } from "@/server/services/datasets";
import { parseJsonl } from "@/server/services/datasets/parse-jsonl";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, makeProjectCtx, toPreferenceJsonl } from "@/tests/helpers/domain";

const line = (o: unknown) => JSON.stringify(o);
const good = {
  input: { messages: [{ role: "user", content: "2024-03-07" }], tools: [] },
  preferred_output: [{ role: "assistant", content: "7 March 2024" }],
  non_preferred_output: [{ role: "assistant", content: "March" }],
};

describe("parseJsonl on OpenAI preference lines", () => {
  it("detects the format and keeps the prompt, the preferred answer and the other one", () => {
    const r = parseJsonl(`${line(good)}\n`, "train");
    expect(r).toEqual({
      format: "preference",
      errors: [],
      examples: [
        {
          line: 1,
          messages: [
            { role: "user", content: "2024-03-07" },
            { role: "assistant", content: "7 March 2024" },
          ],
          rejected: "March",
        },
      ],
    });
  });

  it("names the file, line and field of every problem", () => {
    const lines = [
      good,
      { ...good, extra: 1 },
      { ...good, input: { messages: [{ role: "assistant", content: "hi" }] } },
      { ...good, input: { ...good.input, tools: [{ type: "function" }] } },
      { ...good, preferred_output: [] },
      { ...good, non_preferred_output: [{ role: "user", content: "x" }] },
      { ...good, non_preferred_output: [{ role: "assistant", content: 3 }] },
      { input: good.input, preferred_output: good.preferred_output },
      {
        messages: [
          { role: "user", content: "x" },
          { role: "assistant", content: "y" },
        ],
      },
    ];
    const r = parseJsonl(lines.map(line).join("\n"), "eval");
    expect(r.errors.map((e) => [e.file, e.line, e.field])).toEqual([
      ["eval", 2, "extra"],
      ["eval", 3, "input.messages[0].role"],
      ["eval", 4, "input.tools"],
      ["eval", 5, "preferred_output"],
      ["eval", 6, "non_preferred_output[0].role"],
      ["eval", 7, "non_preferred_output[0].content"],
      ["eval", 8, "non_preferred_output"],
      ["eval", 9, "messages"],
    ]);
    expect(r.errors[7]!.reason).toMatch(
      /uses the chat \(messages\) format but the file is preference/,
    );
    expect(r.examples.map((e) => e.line)).toEqual([1]);
  });
});

describe("uploadDataset with preference lines (PGlite and PostgreSQL)", () => {
  let t: TestDb;
  let ctx: DomainCtx;
  beforeAll(async () => {
    t = await createTestDb();
    ctx = await makeProjectCtx(t.db);
  });
  afterAll(() => t?.close());

  it("stores nothing when one line is bad", async () => {
    const bad = `${toPreferenceJsonl(dateExamples(10))}${line({ ...good, preferred_output: "x" })}\n`;
    const e = await uploadDataset({ ctx, input: { name: "p", trainJsonl: bad } }).catch((x) => x);
    expect(e).toBeInstanceOf(ServiceError);
    expect((e as ServiceError).details).toMatchObject({
      errors: [{ file: "train", line: 11, field: "preferred_output" }],
    });
    expect((await t.db.select({ n: count() }).from(datasetVersions))[0]!.n).toBe(0);
  });

  it("stores a preference version with both answers, content-hashed", async () => {
    const input = { name: "p", trainJsonl: toPreferenceJsonl(dateExamples(10)), evalFraction: 0.2 };
    const first = await uploadDataset({ ctx, input });
    expect([first.version.kind, first.version.format, first.trainCount]).toEqual([
      "preference",
      "preference",
      8,
    ]);
    const rows = await t.db
      .select()
      .from(datasetExamples)
      .where(eq(datasetExamples.versionId, first.versionId))
      .orderBy(asc(datasetExamples.sourceLine));
    const src = dateExamples(10);
    expect(rows.map((r) => [r.reference, r.rejected])).toEqual(
      src.map((e) => [e.completion, e.prompt]),
    );
    expect((await uploadDataset({ ctx, input })).reused).toBe(true);
    // The same prompts and preferred answers with other non-preferred ones: another version.
    const otherRejected = src.map((e) =>
      line({
        input: { messages: [{ role: "user", content: e.prompt }] },
        preferred_output: [{ role: "assistant", content: e.completion }],
        non_preferred_output: [{ role: "assistant", content: "no" }],
      }),
    );
    const other = await uploadDataset({
      ctx,
      input: { ...input, trainJsonl: otherRejected.join("\n") },
    });
    expect(other.reused).toBe(false);
    expect(other.version.contentHash).not.toBe(first.version.contentHash);
  });
});
