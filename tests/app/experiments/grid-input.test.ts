import { describe, expect, test } from "vitest";
import { toGridInput } from "@/app/experiments/_components/to-create-input";
import { HyperparameterGrid } from "@/server/schemas/experiments";

describe("toGridInput (the grid editor's text → previewGrid input)", () => {
  test("parses comma/space lists, scientific notation, and drops duplicates", () => {
    const { input, error } = toGridInput({
      learningRate: "1e-4, 3e-4 1e-4",
      loraRank: "8,16",
      epochs: " 1 ",
    });
    expect(error).toBeNull();
    expect(input).toEqual({ learningRate: [1e-4, 3e-4], loraRank: [8, 16], epochs: [1] });
    // What the form sends is what the server accepts.
    expect(HyperparameterGrid.safeParse(input).success).toBe(true);
  });

  test("names the axis and the bad token", () => {
    expect(toGridInput({ learningRate: "1e-4, fast", loraRank: "8", epochs: "1" }).error).toBe(
      'Learning rate: "fast" is not a positive number',
    );
    expect(toGridInput({ learningRate: "1e-4", loraRank: "8.5", epochs: "1" }).error).toBe(
      'LoRA rank: "8.5" must be a whole number',
    );
    expect(toGridInput({ learningRate: "1e-4", loraRank: "8", epochs: "" }).error).toBe(
      "Epochs: enter at least one value",
    );
    expect(toGridInput({ learningRate: "-1", loraRank: "8", epochs: "1" }).input).toBeNull();
  });
});
