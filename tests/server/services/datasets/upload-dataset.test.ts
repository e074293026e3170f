import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetExamples, datasets, datasetVersions } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { ServiceError } from "@/server/errors";
import { getDataset, listDatasets, uploadDataset } from "@/server/services/datasets";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";

let t: TestDb;
let ctx: DomainCtx;
beforeAll(async () => {
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db);
});
afterAll(() => t?.close());

const rowCounts = async () => ({
  datasets: (await t.db.select({ n: count() }).from(datasets))[0]!.n,
  versions: (await t.db.select({ n: count() }).from(datasetVersions))[0]!.n,
  examples: (await t.db.select({ n: count() }).from(datasetExamples))[0]!.n,
});

describe("uploadDataset", () => {
  it("refuses a file with a bad line and stores nothing", async () => {
    const bad =
      toChatJsonl(dateExamples(30)) +
      '{"messages": [{"role": "user", "content": "x"}]}\n' +
      "oops\n";
    const error = await uploadDataset({ ctx, input: { name: "dates", trainJsonl: bad } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceError);
    const details = (error as ServiceError).details as {
      errors: { file: string; line: number; field: string }[];
      more: number;
    };
    expect(details.errors).toEqual([
      expect.objectContaining({ file: "train", line: 31, field: "messages[0].role" }),
      expect.objectContaining({ file: "train", line: 32, field: "(line)" }),
    ]);
    expect(details.more).toBe(0);
    expect(await rowCounts()).toEqual({ datasets: 0, versions: 0, examples: 0 });
  });

  it("stores a valid upload as one content-addressed version and reuses it for the same content", async () => {
    const input = {
      name: "dates",
      trainJsonl: toChatJsonl(dateExamples(50)),
      evalFraction: 0.2,
      splitSeed: 3,
    };
    const first = await uploadDataset({ ctx, input });
    expect([first.trainCount, first.evalCount, first.reused]).toEqual([40, 10, false]);
    expect(first.version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const again = await uploadDataset({ ctx, input });
    expect(again.reused).toBe(true);
    expect(again.versionId).toBe(first.versionId);
    expect(await rowCounts()).toEqual({ datasets: 1, versions: 1, examples: 50 });

    const other = await uploadDataset({ ctx, input: { ...input, splitSeed: 4 } });
    expect(other.versionId).not.toBe(first.versionId);
    const listed = await listDatasets({ ctx });
    expect(listed[0]!.versionCount).toBe(2);
    expect(listed[0]!.latest.id).toBe(other.versionId);
    const got = await getDataset({ ctx, input: { id: first.datasetId } });
    expect(got.versions).toHaveLength(2);
  });

  it("does not show one project's datasets to another", async () => {
    const otherCtx = await makeProjectCtx(t.db, "other");
    expect(await listDatasets({ ctx: otherCtx })).toEqual([]);
    const [d] = await listDatasets({ ctx });
    await expect(getDataset({ ctx: otherCtx, input: { id: d!.id } })).rejects.toThrow(/not found/);
  });
});
