import type { GenerateRequest, Prediction, Prompt, TrainingBackend } from "@/trainers/types";

type ProjectBackendModule = typeof import("@/server/services/settings/project-backend");

/**
 * The project-backend module with every backend's `generate` answering `answer(req, prompt)`, the
 * rest of the backend real: evaluation tests choose the outputs and score them for real.
 *
 *   vi.mock("@/server/services/settings/project-backend", async (importOriginal) =>
 *     (await import("@/tests/helpers/fake-generate")).withGenerate(importOriginal, (req, p) => …));
 */
export async function withGenerate(
  importOriginal: <T>() => Promise<T>,
  answer: (req: GenerateRequest, prompt: Prompt) => string,
): Promise<ProjectBackendModule> {
  const real = await importOriginal<ProjectBackendModule>();
  async function* generate(req: GenerateRequest): AsyncIterable<Prediction> {
    for (const p of req.prompts) yield { id: p.id, output: answer(req, p) };
  }
  return {
    ...real,
    projectBackend: async (...args: Parameters<typeof real.projectBackend>) =>
      new Proxy(await real.projectBackend(...args), {
        get: (target, key) => (key === "generate" ? generate : Reflect.get(target, key)),
      }) as TrainingBackend,
  };
}

/** The outputs the scripted `generate` answers, by adapter path ("baseline": none), by prompt id. */
export const outputsByAdapter = new Map<string, string[]>();

/** withGenerate answering from outputsByAdapter: `landRun` (tests/helpers/land-run) fills it. */
export const withScriptedOutputs = (importOriginal: <T>() => Promise<T>) =>
  withGenerate(
    importOriginal,
    (req, p) => outputsByAdapter.get(req.adapterPath ?? "baseline")![Number(p.id)]!,
  );
