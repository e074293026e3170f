import { localBackend } from "./local/local-backend";
import type { BackendKind, TrainingBackend } from "./types";

export type { BackendKind, TrainingBackend } from "./types";

function notAvailable(kind: BackendKind): never {
  throw new Error(`The ${kind} training backend is not available yet in this build; use the "local" backend.`);
}

export function getBackend(kind: BackendKind): TrainingBackend {
  switch (kind) {
    case "local":
      return localBackend;
    case "sagemaker":
    case "openai":
      return notAvailable(kind);
    default: {
      const never: never = kind;
      throw new Error(`Unknown training backend: ${String(never)}`);
    }
  }
}
