/** The compare page's address: ?runs=a,b,c&baseline=a[&against=b]. Pure, so the page and the
 *  links that build it agree, and tests can check the edge cases. */
export type CompareParams = { runIds: string[]; baseline: string; against: string };

const MAX_RUNS = 20;

export function parseCompareParams(
  sp: Record<string, string | string[] | undefined>,
): CompareParams | { error: string } {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(",") : (v ?? ""));
  const runIds = [
    ...new Set(
      one(sp.runs)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (runIds.length < 2) return { error: "Compare needs at least two runs (?runs=a,b)." };
  if (runIds.length > MAX_RUNS)
    return { error: `Compare takes at most ${MAX_RUNS} runs; ${runIds.length} were given.` };
  const b = one(sp.baseline).trim();
  const baseline = runIds.includes(b) ? b : runIds[0]!;
  const a = one(sp.against).trim();
  const against = a !== baseline && runIds.includes(a) ? a : runIds.find((id) => id !== baseline)!;
  return { runIds, baseline, against };
}

export function compareUrl(p: CompareParams): string {
  return `/compare?runs=${p.runIds.map(encodeURIComponent).join(",")}&baseline=${encodeURIComponent(p.baseline)}&against=${encodeURIComponent(p.against)}`;
}
