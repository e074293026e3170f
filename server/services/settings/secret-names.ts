import { randomBytes } from "node:crypto";
import type { ProjectSecretName } from "@/core/enums";

/** Each project secret: who makes it, and what it is for. Generated ones are shown once, at (re)generation. */
export const SECRET_KINDS: Record<ProjectSecretName, { generated: boolean; label: string }> = {
  "openai.apiKey": { generated: false, label: "OpenAI API key (or Azure OpenAI key)" },
  "hooks.openai": {
    generated: false,
    label: "OpenAI webhook signing secret (whsec_…, from the OpenAI dashboard)",
  },
  "hooks.sagemaker": {
    generated: true,
    label: "SageMaker EventBridge header secret (X-Tunebench-Hook-Secret)",
  },
  "hooks.generic": { generated: true, label: "Generic training-finished hook HMAC secret" },
};

/** 32 random bytes; the prefix says what the string is when it turns up in a config file or a log. */
export const generateHookSecret = (): string => `tbh_${randomBytes(32).toString("base64url")}`;

/** A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export const generateWebhookSecret = (): string => `whsec_${randomBytes(32).toString("base64")}`;
