// The contract between the judging service and whatever answers a judge's prompt: an
// OpenAI-compatible endpoint (openai-chat.ts) or the local worker (local-chat.ts). Like a training
// backend, a judge chat never touches the database: the service stores each answer as it lands.

export type JudgeMessage = { role: "system" | "user" | "assistant"; content: string };

export type JudgeAnswer = {
  text: string;
  promptTokens: number;
  completionTokens: number;
  /** null when the model's price is unknown (a compatible endpoint's own model, a local one). */
  costUsd: number | null;
};

export interface JudgeChat {
  /** Calls at once this chat serves well (the service's concurrency). */
  readonly concurrency: number;
  /** One completion at temperature 0; transient failures (429, 5xx) are retried inside. */
  complete(messages: JudgeMessage[], signal?: AbortSignal): Promise<JudgeAnswer>;
  close(): Promise<void>;
}
