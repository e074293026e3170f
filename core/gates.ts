// Here rather than beside the zod schemas (server/schemas/gates.ts) so the dashboard's gate badges
// do not pull zod into the experiment page's client script.

/** How the CLI and the dashboard mark a gate check: ✓ passed, ✗ failed, … waiting for the
 *  baseline, – skipped (the baseline failed). */
export const checkMark = (c: { passed: boolean; pending?: boolean; skipped?: boolean }): string =>
  c.pending ? "…" : c.skipped ? "–" : c.passed ? "✓" : "✗";
