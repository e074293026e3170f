import { afterEach, describe, expect, it, vi } from "vitest";
import { getBackend } from "@/trainers";
import { openAIConfigFromEnv } from "@/trainers/openai/config";

afterEach(() => vi.unstubAllEnvs());

describe("OpenAI configuration from the environment", () => {
  it("is off without a key, and getBackend says what to set", () => {
    expect(openAIConfigFromEnv({})).toBeNull();
    vi.stubEnv("OPENAI_API_KEY", "");
    vi.stubEnv("AZURE_OPENAI_ENDPOINT", "");
    expect(() => getBackend("openai")).toThrow(
      /not configured: set the API key in the project's settings, or OPENAI_API_KEY/,
    );
  });

  it("reads a compatible service's base URL, or Azure OpenAI", () => {
    expect(
      openAIConfigFromEnv({
        OPENAI_API_KEY: "sk",
        OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
        TUNEBENCH_OPENAI_CONCURRENCY: "4",
      }),
    ).toMatchObject({ apiKey: "sk", baseURL: "http://127.0.0.1:9/v1", concurrency: 4 });
    expect(
      openAIConfigFromEnv({
        AZURE_OPENAI_API_KEY: "k",
        AZURE_OPENAI_ENDPOINT: "https://r.openai.azure.com/",
      }),
    ).toMatchObject({
      apiKey: "k",
      azure: { endpoint: "https://r.openai.azure.com/", apiVersion: "2025-04-01-preview" },
    });
    expect(() =>
      openAIConfigFromEnv({ AZURE_OPENAI_ENDPOINT: "https://r.openai.azure.com/" }),
    ).toThrow(/no API key/);
  });

  it("getBackend builds the backend once configured", () => {
    vi.stubEnv("OPENAI_API_KEY", "sk-test");
    expect(getBackend("openai").kind).toBe("openai");
  });
});
