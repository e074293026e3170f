import { Badge } from "@/app/_components/ui";

/** "3 evaluated · 1 training · 1 failed": the state of an experiment's runs at a glance. */
export function RunCounts({
  counts,
}: {
  counts: Partial<Record<string, number>> | null | undefined;
}) {
  const c = counts ?? {};
  const total = Object.values(c).reduce<number>((a, b) => a + (b ?? 0), 0);
  if (!total) return <span className="faint">—</span>;
  const active =
    (c.queued ?? 0) +
    (c.submitted ?? 0) +
    (c.running ?? 0) +
    (c.succeeded ?? 0) +
    (c.evaluating ?? 0);
  return (
    <span className="row">
      {c.evaluated ? <Badge tone="ok">{c.evaluated} evaluated</Badge> : null}
      {active ? (
        <Badge tone="info" live>
          {active} in progress
        </Badge>
      ) : null}
      {c.failed ? <Badge tone="err">{c.failed} failed</Badge> : null}
      {c.cancelled ? <Badge tone="warn">{c.cancelled} cancelled</Badge> : null}
    </span>
  );
}
