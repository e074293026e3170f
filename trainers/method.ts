import type { TrainedParameters, TrainingObjective } from "../core/enums";
import type { ChatMessage, RunSpec } from "./types";

/** A spec's method, with the defaults of specs stored before the method was part of it. */
export function methodOf(spec: Pick<RunSpec, "objective" | "parameters" | "quantization">): {
  objective: TrainingObjective;
  parameters: TrainedParameters;
} {
  return {
    objective: spec.objective ?? "sft",
    parameters: spec.parameters ?? (spec.quantization ? "qlora" : "lora"),
  };
}

/** One line of OpenAI's preference fine-tuning JSONL, which the local worker reads too. */
export type PreferenceLine = {
  input: { messages: ChatMessage[] };
  preferred_output: ChatMessage[];
  non_preferred_output: ChatMessage[];
};

/** A DPO spec's examples as preference lines: each example's last message is the preferred
 *  answer, `rejected` holds the other. */
export function preferenceLines(examples: ChatMessage[][], rejected: string[]): PreferenceLine[] {
  if (examples.length !== rejected.length)
    throw new Error(
      `${examples.length} examples but ${rejected.length} non-preferred answers: the spec is inconsistent`,
    );
  return examples.map((messages, i) => ({
    input: { messages: messages.slice(0, -1) },
    preferred_output: [{ role: "assistant", content: messages[messages.length - 1]!.content }],
    non_preferred_output: [{ role: "assistant", content: rejected[i]! }],
  }));
}

/** The problem with a spec's method that every backend shares, or null. */
export function methodDataIssue(spec: RunSpec): { field: string; message: string } | null {
  if (methodOf(spec).objective !== "dpo") return null;
  if (!spec.rejected)
    return {
      field: "objective",
      message: "dpo trains on preference pairs; choose a preference dataset",
    };
  return null;
}
