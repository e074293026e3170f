// Adds up the vitest JSON reports and pytest's JUnit XML into one closing line for CI.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
let passed = 0,
  failed = 0,
  skipped = 0;
for (const file of readdirSync(dir)) {
  const text = readFileSync(join(dir, file), "utf8");
  if (file.endsWith(".json")) {
    const r = JSON.parse(text);
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
    // A file that failed to load (syntax error, failing hook) has no failed test of its own to count.
    failed += r.testResults.filter(
      (f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"),
    ).length;
  } else if (file.endsWith(".xml")) {
    const attr = (name) =>
      Number(text.match(new RegExp(`<testsuite [^>]*${name}="(\\d+)"`))?.[1] ?? 0);
    const total = attr("tests"),
      errors = attr("errors"),
      failures = attr("failures"),
      skips = attr("skipped");
    passed += total - errors - failures - skips;
    failed += errors + failures;
    skipped += skips;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
