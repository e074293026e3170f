import type { JudgeMode } from "@/core/enums";
import type { TrySample } from "@/server/schemas/judges";

/** Three small samples to start from; people replace them with their own before trying. */
export const STARTER_SAMPLES: Required<TrySample>[] = [
  {
    question: "What is the capital of France?",
    answer: "Paris.",
    answerA: "Paris.",
    answerB: "The capital of France is Lyon.",
    reference: "Paris",
  },
  {
    question: "Give one word that rhymes with 'cat'.",
    answer: "Hat.",
    answerA: "Dog.",
    answerB: "Hat.",
    reference: "hat",
  },
  {
    question: "How many legs does a spider have?",
    answer: "A spider has eight legs.",
    answerA: "Eight.",
    answerB: "Spiders have eight legs, unlike insects, which have six.",
    reference: "8",
  },
];

/** The fields a judge of this mode reads; an empty reference is left out. */
export function trySample(s: Required<TrySample>, mode: JudgeMode): TrySample {
  const reference = s.reference.trim() ? { reference: s.reference } : {};
  return mode === "pairwise"
    ? { question: s.question, answerA: s.answerA, answerB: s.answerB, ...reference }
    : { question: s.question, answer: s.answer, ...reference };
}
