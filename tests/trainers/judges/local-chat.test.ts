import { beforeAll, describe, expect, it } from "vitest";
import { tinyModelDir } from "@/tests/helpers/tiny-model";
import { createLocalJudgeChat } from "@/trainers/judges/local-chat";

// The local judge's plumbing (not its quality): `python -m worker judge` on the tiny generated
// model answers prompts sent together as one batch, one JSON line.
let model: string;
beforeAll(() => {
  model = tinyModelDir();
});

describe("the local judge through the worker", () => {
  it("loads the model once and answers prompts asked together in one batch, each with its token counts", async () => {
    const chat = createLocalJudgeChat({ model, maxNewTokens: 6 });
    try {
      const messages = [
        { role: "system" as const, content: "You are a judge." },
        { role: "user" as const, content: "Rate: 2+2=4" },
      ];
      const [a, b] = await Promise.all([chat.complete(messages), chat.complete(messages)]);
      expect(typeof a!.text).toBe("string");
      expect(a!.promptTokens).toBeGreaterThan(5);
      expect(a!.completionTokens).toBeLessThanOrEqual(6);
      expect(a!.costUsd).toBeNull();
      // Greedy decoding: the same prompt gives the same answer.
      expect(b!.text).toBe(a!.text);
      expect(chat.batches).toBe(1);
    } finally {
      await chat.close();
    }
  });
});
