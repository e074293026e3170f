import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "@/tests/trainers/openai/fake-openai";
import { createOpenAIJudgeChat } from "@/trainers/judges/openai-chat";
import { inferencePriceOf } from "@/trainers/openai/catalog";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.chat.respond = () => "Fine. Rating: [[8]]";
});
afterAll(() => fake?.close());

const chat = (sleeps: number[]) =>
  createOpenAIJudgeChat({
    settings: { apiKey: "sk-test", baseURL: `${fake.url}/v1` },
    model: "gpt-4o-mini",
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
const messages = [{ role: "user" as const, content: "Rate this." }];

describe("the OpenAI-compatible judge chat", () => {
  it("waits out a 429/5xx storm as Retry-After says, then answers at temperature 0", async () => {
    const sleeps: number[] = [];
    fake.chat.faults.push(429, 429, 503, 429);
    fake.chat.retryAfter = "3";
    const before = fake.requests.length;
    const answer = await chat(sleeps).complete(messages);
    expect(sleeps).toEqual([3000, 3000, 3000, 3000]);
    expect(answer).toMatchObject({
      text: "Fine. Rating: [[8]]",
      promptTokens: 100,
      completionTokens: 20,
    });
    // gpt-4o-mini's own price, $0.15 / $0.60 per 1M tokens (not its fine-tuned copies' $0.30 / $1.20).
    expect(answer.costUsd).toBeCloseTo((100 * 0.15 + 20 * 0.6) / 1e6, 15);
    const sent = fake.requests.slice(before).map((r) => r.body as { temperature: number });
    expect(sent).toHaveLength(5);
    expect(sent.every((b) => b.temperature === 0)).toBe(true);
    expect(fake.specErrors).toEqual([]);
  });

  it("prices an ft: model at the fine-tuned price, and an override over the catalogue", async () => {
    const costOf = (model: string, price?: { input: number; output: number }) =>
      createOpenAIJudgeChat({
        settings: { apiKey: "sk-test", baseURL: `${fake.url}/v1` },
        model,
        ...(price ? { price } : {}),
      })
        .complete(messages)
        .then((a) => a.costUsd);
    // 100 prompt and 20 completion tokens per answer on the fake.
    expect(await costOf("gpt-4.1")).toBeCloseTo((100 * 2 + 20 * 8) / 1e6, 15);
    // The fake serves only gpt-* names, so the fine-tuned judge's price is read off the catalogue.
    expect(inferencePriceOf("ft:gpt-4o-mini-2024-07-18:acme:judge:abc123")).toEqual({
      input: 0.3,
      output: 1.2,
    });
    expect(await costOf("gpt-4o-mini", { input: 1, output: 3 })).toBeCloseTo(
      (100 * 1 + 20 * 3) / 1e6,
      15,
    );
    // A model a vLLM server serves: unknown to the catalogue, priced only by an override.
    expect(await costOf("gpt-oss-20b")).toBeNull();
    expect(await costOf("gpt-oss-20b", { input: 0.5, output: 0.5 })).toBeCloseTo(
      (120 * 0.5) / 1e6,
      15,
    );
  });

  it("backs off exponentially without Retry-After, and gives up after its attempts", async () => {
    const sleeps: number[] = [];
    fake.chat.retryAfter = null;
    fake.chat.faults.push(500, 500, 500, 500, 500);
    await expect(chat(sleeps).complete(messages)).rejects.toThrow(/500/);
    // 5 attempts: 4 waits, each within [½, 1½] × 500 ms × 2^(attempt − 1) (full jitter).
    expect(sleeps).toHaveLength(4);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(250 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(750 * 2 ** i);
    });
  });
});
