import { methodDataIssue } from "../method";
import type { Prediction, Prompt, RunSpec, SpecIssue } from "../types";

/** What would otherwise fail only after an instance has been paid for. */
export function validateSageMakerSpec(spec: RunSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  if (!spec.baseModel.trim()) issues.push({ field: "baseModel", message: "is empty" });
  else if (/^(\/|\.|~)/.test(spec.baseModel) || spec.baseModel.endsWith(".gguf")) {
    issues.push({
      field: "baseModel",
      message: `"${spec.baseModel}" is a local path, which a SageMaker job cannot see; use a Hugging Face Hub id`,
    });
  }
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
  if (spec.devices !== undefined && spec.devices !== "auto")
    issues.push({
      field: "devices",
      message: `a SageMaker job trains on every GPU of its instances (the instance type and count in the backend settings); leave devices on "auto", got ${JSON.stringify(spec.devices)}`,
    });
  const method = methodDataIssue(spec);
  if (method) issues.push(method);
  if (spec.quantization && spec.device === "cpu")
    issues.push({
      field: "quantization",
      message: "QLoRA (nf4) needs a CUDA device; set device to auto or cuda",
    });
  return issues;
}

const key = (messages: unknown) => JSON.stringify(messages);

/**
 * predictions.jsonl lines are `{"id", "messages", "output"}` for the eval split (sagemaker.py).
 * Prompts are matched by their messages, not ids: the job numbered the split itself.
 */
export function parsePredictions(text: string, prompts: Prompt[], where: string): Prediction[] {
  const byPrompt = new Map<string, string>();
  for (const [i, line] of text.split("\n").filter(Boolean).entries()) {
    const row = JSON.parse(line) as { messages?: unknown; output?: unknown };
    if (!Array.isArray(row.messages) || typeof row.output !== "string")
      throw new Error(
        `${where} predictions.jsonl:${i + 1}: expected {"messages": [...], "output": string}`,
      );
    byPrompt.set(
      key(
        row.messages.map((m: { role: string; content: string }) => ({
          role: m.role,
          content: m.content,
        })),
      ),
      row.output,
    );
  }
  return prompts.map((p) => {
    const output = byPrompt.get(key(p.messages.map((m) => ({ role: m.role, content: m.content }))));
    if (output === undefined)
      throw new Error(
        `${where}: no prediction for prompt ${p.id}; the job predicts only the eval split it was given`,
      );
    return { id: p.id, output };
  });
}
