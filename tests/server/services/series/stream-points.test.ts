import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestMetricsRequest } from "@/server/schemas/ingest";
import { ingestMetrics } from "@/server/services/ingest";
import { parseStreamQuery, streamPoints } from "@/server/services/series";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { type Fixture, makeExperiment } from "../runs-table/fixture";

let t: TestDb;
let f: Fixture;
const ingest = (runId: string, steps: number[], name = "train/loss") =>
  ingestMetrics({
    ctx: f.ctx,
    input: {
      runId,
      ...IngestMetricsRequest.parse({
        points: steps.map((step) => ({ name, step, value: step / 10 })),
      }),
    },
  });

beforeAll(async () => {
  t = await createTestDb();
  f = await makeExperiment(t.db);
  await ingest(f.runIds[0]!, [1, 2, 3, 4]);
  await ingest(f.runIds[1]!, [1, 2]);
});
afterAll(() => t?.close());

type Ev = { runId: string; name: string; points: { x: number; y: number; step: number }[] };

/** Reads SSE frames until `until` holds for the events so far (or the stream ends). */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  acc: { text: string; events: Ev[]; pings: number },
  until: () => boolean,
) {
  const decoder = new TextDecoder();
  while (!until()) {
    const { value, done } = await reader.read();
    if (done) return false;
    acc.text += decoder.decode(value, { stream: true });
    for (let end = acc.text.indexOf("\n\n"); end >= 0; end = acc.text.indexOf("\n\n")) {
      const frame = acc.text.slice(0, end);
      acc.text = acc.text.slice(end + 2);
      if (frame.startsWith(": ping")) acc.pings++;
      const data = frame.split("\n").find((l) => l.startsWith("data: "));
      if (frame.includes("event: points") && data) acc.events.push(JSON.parse(data.slice(6)));
    }
  }
  return true;
}

describe("runs stream (SSE)", () => {
  it("sends only points after the cursor, appends live points once each, and stops on abort", async () => {
    const abort = new AbortController();
    const q = parseStreamQuery(
      new URL(
        `http://x/api/runs/stream?runIds=${f.runIds[0]},${f.runIds[1]}&names=train/loss&after=${f.runIds[0]}:2`,
      ),
    );
    const stream = await streamPoints(t.db, f.ctx.projectId!, q, {
      pollMs: 20,
      heartbeatMs: 60,
      signal: abort.signal,
    });
    const reader = stream.getReader();
    const acc = { text: "", events: [] as Ev[], pings: 0 };
    const stepsOf = (runId: string) =>
      acc.events.filter((e) => e.runId === runId).flatMap((e) => e.points.map((p) => p.step));
    await readUntil(
      reader,
      acc,
      () => stepsOf(f.runIds[0]!).length >= 2 && stepsOf(f.runIds[1]!).length >= 2,
    );
    expect(stepsOf(f.runIds[0]!)).toEqual([3, 4]); // the client holds steps <= 2 already
    expect(stepsOf(f.runIds[1]!)).toEqual([1, 2]); // no cursor: from the start

    await ingest(f.runIds[0]!, [5, 6]);
    await ingest(f.runIds[0]!, [6, 7]); // 6 again: stored once, sent once
    await readUntil(reader, acc, () => stepsOf(f.runIds[0]!).length >= 5);
    await readUntil(reader, acc, () => acc.pings >= 2); // heartbeats flow while idle
    expect(stepsOf(f.runIds[0]!)).toEqual([3, 4, 5, 6, 7]);
    expect(stepsOf(f.runIds[1]!)).toEqual([1, 2]);
    expect(acc.events.flatMap((e) => e.points).find((p) => p.step === 7)).toEqual({
      x: 7,
      y: 0.7,
      step: 7,
    });

    abort.abort();
    expect(await readUntil(reader, acc, () => false)).toBe(false); // the stream ends
  });

  it("rejects a malformed cursor and runs of other projects", async () => {
    expect(() => parseStreamQuery(new URL("http://x/?runIds=a&names=n&after=a:x"))).toThrow(
      /after/,
    );
    const other = await makeExperiment(t.db, "other");
    await expect(
      streamPoints(
        t.db,
        other.ctx.projectId!,
        parseStreamQuery(new URL(`http://x/?runIds=${f.runIds[0]}&names=train/loss`)),
      ),
    ).rejects.toThrow(/not found/);
  });
});
