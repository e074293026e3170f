import { existsSync } from "node:fs";
import { methodDataIssue } from "../method";
import type { RunSpec, SpecIssue } from "../types";

/** Checks what would otherwise fail minutes later inside the worker. */
export function validateLocalSpec(spec: RunSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const looksLikePath = /^(\/|\.|~)/.test(spec.baseModel) || spec.baseModel.endsWith(".gguf");
  if (!spec.baseModel.trim()) issues.push({ field: "baseModel", message: "is empty" });
  else if (looksLikePath && !existsSync(spec.baseModel))
    issues.push({
      field: "baseModel",
      message: `no model folder or .gguf file at ${spec.baseModel}`,
    });
  if (spec.train.length === 0)
    issues.push({ field: "train", message: "the training split is empty" });
  if (!Number.isInteger(spec.lora.r) || spec.lora.r <= 0)
    issues.push({ field: "lora.r", message: `must be a positive integer, got ${spec.lora.r}` });
  if (!(spec.training.learningRate > 0))
    issues.push({
      field: "training.learningRate",
      message: `must be positive, got ${spec.training.learningRate}`,
    });
  if (!Number.isInteger(spec.training.epochs) || spec.training.epochs <= 0)
    issues.push({
      field: "training.epochs",
      message: `must be a positive integer, got ${spec.training.epochs}`,
    });
  if (spec.initFrom && !existsSync(spec.initFrom))
    issues.push({
      field: "initFrom",
      message: `the run to start from has no output at ${spec.initFrom} any more`,
    });
  const method = methodDataIssue(spec);
  if (method) issues.push(method);
  const cpu = spec.device === "cpu" || spec.devices === "cpu";
  if (spec.quantization && cpu)
    issues.push({
      field: "quantization",
      message:
        "QLoRA (nf4) needs a CUDA device; set device and devices to auto, or turn quantization off",
    });
  // A count or a list of indices asks for GPUs.
  if (spec.device === "cpu" && spec.devices !== undefined && typeof spec.devices !== "string")
    issues.push({
      field: "devices",
      message: `device "cpu" asks for no GPU, but devices is ${JSON.stringify(spec.devices)}`,
    });
  return issues;
}
