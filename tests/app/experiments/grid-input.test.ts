import { describe, expect, test } from "vitest";
import type { MethodState } from "@/app/experiments/_components/method-field";
import { toGridInput } from "@/app/experiments/_components/to-create-input";
import { HyperparameterGrid } from "@/server/schemas/experiments";

const SFT_LORA: MethodState = {
  objective: ["sft"],
  parameters: ["lora"],
  dpoBeta: 0.1,
  initFromRunId: "",
};

describe("toGridInput (the grid editor's text → previewGrid input)", () => {
  test("parses comma/space lists, scientific notation, and drops duplicates", () => {
    const { input, error } = toGridInput(
      {
        learningRate: "1e-4, 3e-4 1e-4",
        loraRank: "8,16",
        epochs: " 1 ",
      },
      SFT_LORA,
    );
    expect(error).toBeNull();
    expect(input).toEqual({ learningRate: [1e-4, 3e-4], loraRank: [8, 16], epochs: [1] });
    // What the form sends is what the server accepts.
    expect(HyperparameterGrid.safeParse(input).success).toBe(true);
  });

  test("names the axis and the bad token", () => {
    expect(
      toGridInput({ learningRate: "1e-4, fast", loraRank: "8", epochs: "1" }, SFT_LORA).error,
    ).toBe('Learning rate: "fast" is not a positive number');
    expect(
      toGridInput({ learningRate: "1e-4", loraRank: "8.5", epochs: "1" }, SFT_LORA).error,
    ).toBe('LoRA rank: "8.5" must be a whole number');
    expect(toGridInput({ learningRate: "1e-4", loraRank: "8", epochs: "" }, SFT_LORA).error).toBe(
      "Epochs: enter at least one value",
    );
    expect(
      toGridInput({ learningRate: "-1", loraRank: "8", epochs: "1" }, SFT_LORA).input,
    ).toBeNull();
  });

  test("the method boxes become objective and parameters axes; SFT + LoRA alone stays out", () => {
    const text = { learningRate: "1e-4", loraRank: "8", epochs: "1" };
    const { input } = toGridInput(text, {
      objective: ["sft", "dpo"],
      parameters: ["lora", "full"],
      dpoBeta: 0.1,
      initFromRunId: "",
    });
    expect(input).toEqual({
      learningRate: [1e-4],
      loraRank: [8],
      epochs: [1],
      objective: ["sft", "dpo"],
      parameters: ["lora", "full"],
    });
    expect(HyperparameterGrid.safeParse(input).success).toBe(true);
    const none = toGridInput(text, { ...SFT_LORA, parameters: [] }).input;
    expect(HyperparameterGrid.safeParse(none).error?.issues[0]).toMatchObject({
      path: ["parameters"],
      message: "Parameters: give at least one value",
    });
  });
});
