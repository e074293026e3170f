import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TrainingSettings } from "@/server/schemas/experiments";
import { buildRunSpec } from "@/server/services/runs/build-run-spec";
import { generationTarget } from "@/server/services/runs/generation-target";

const point = { learningRate: 1e-4, loraRank: 8, epochs: 1 };
const spec = (parameters: "lora" | "full") =>
  buildRunSpec("/models/base", { ...point, parameters }, TrainingSettings.parse({}));

describe("generationTarget", () => {
  it("loads a local full run's model folder as the model, and an adapter on the base otherwise", () => {
    expect(generationTarget(spec("full"), "local", "/models/base", "/runs/r/model")).toEqual({
      baseModel: "/runs/r/model",
      adapterPath: null,
    });
    expect(generationTarget(spec("lora"), "local", "/models/base", "/runs/r/adapter")).toEqual({
      baseModel: "/models/base",
      adapterPath: "/runs/r/adapter",
    });
    // The baseline trains nothing; a spec stored before the method existed is LoRA.
    expect(generationTarget({ baseModel: "/models/base" }, "local", "/models/base", null)).toEqual({
      baseModel: "/models/base",
      adapterPath: null,
    });
    const { objective: _o, parameters: _p, ...old } = spec("lora");
    expect(generationTarget(old, "local", "/models/base", "/a").adapterPath).toBe("/a");
  });
});

describe("generationTarget for an external run", () => {
  it("loads an attached model folder as the model, and an adapter folder on the base", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tb-target-"));
    const [adapter, model] = [path.join(dir, "adapter"), path.join(dir, "model")];
    mkdirSync(adapter);
    mkdirSync(model);
    writeFileSync(path.join(adapter, "adapter_config.json"), "{}");
    writeFileSync(path.join(model, "config.json"), "{}");
    const spec = { baseModel: "/models/base" };
    expect(generationTarget(spec, "external", "/models/base", adapter)).toEqual({
      baseModel: "/models/base",
      adapterPath: adapter,
    });
    expect(generationTarget(spec, "external", "/models/base", model)).toEqual({
      baseModel: model,
      adapterPath: null,
    });
  });
});
