// Adds up the vitest JSON reports and pytest's JUnit XML into one closing line for CI.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
for (const file of readdirSync(dir)) {
  const text = readFileSync(join(dir, file), "utf8");
  if (file.endsWith(".json")) {
    const r = JSON.parse(text);
    passed += r.numPassedTests; failed += r.numFailedTests + (r.numFailedTestSuites ?? 0);
    skipped += r.numPendingTests + r.numTodoTests;
  } else if (file.endsWith(".xml")) {
    const attr = (name) => Number(text.match(new RegExp(`<testsuite [^>]*${name}="(\\d+)"`))?.[1] ?? 0);
    const total = attr("tests"), errors = attr("errors"), failures = attr("failures"), skips = attr("skipped");
    passed += total - errors - failures - skips; failed += errors + failures; skipped += skips;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
