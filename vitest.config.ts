import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and integration tests. Browser journeys (tests/e2e) run only with E2E=1 (scripts/test.sh
// does); the Python worker's tests are pytest's; benchmarks live in bench/ and never run here.
const e2e = process.env.E2E === "1";
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: e2e ? ["tests/e2e/**/*.test.ts"] : ["tests/**/*.test.ts"],
    exclude: e2e ? ["node_modules/**"] : ["tests/e2e/**", "node_modules/**"],
    testTimeout: 180_000,
    hookTimeout: 600_000,
    fileParallelism: !e2e,
  },
});
