import { checkMark } from "../core/gates";
import type { GateSpec, GateVerdictList, RunGateVerdict } from "../server/schemas/gates";
import { CliError } from "./api-client";
import { CONNECTION_HELP, clientFrom, guard, parse, sleep } from "./common";
import { seconds } from "./watch";

const USAGE = `usage: tunebench gate <experimentId> [--run RUN_ID] [--wait] [--timeout SECONDS] [--json]

Prints every run's regression-gate verdict and the reason for each check, for CI pipelines.
Exit: 0 every decided run passed (or the suite has no gates), 1 a gate failed,
      2 usage/connection/API error, 3 undecided (runs not evaluated yet; use --wait).

  --run RUN_ID       only this run
  --wait             wait until no verdict is pending (see --timeout)
  --timeout SECONDS  with --wait: give up after this long (exit 2; default 3600)
  --json             print the verdicts as JSON
${CONNECTION_HELP}`;

export async function run(argv: string[]): Promise<number> {
  return guard(async () => {
    const { values, positionals } = parse(
      argv,
      {
        run: { type: "string" },
        wait: { type: "boolean" },
        timeout: { type: "string" },
        json: { type: "boolean" },
      },
      USAGE,
    );
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new CliError(`give one experiment id\n\n${USAGE}`);
    const client = clientFrom(values);
    const query = values.run ? `?runId=${encodeURIComponent(values.run)}` : "";
    const path = `/experiments/${encodeURIComponent(positionals[0]!)}/gates${query}`;
    const deadline = Date.now() + seconds(values.timeout ?? "3600", "--timeout") * 1000;
    let list = await client.json<GateVerdictList>("GET", path);
    while (values.wait && list.verdicts.some((v) => v.verdict === "pending")) {
      if (Date.now() > deadline)
        throw new CliError(
          `timed out waiting for verdicts (${list.verdicts
            .filter((v) => v.verdict === "pending")
            .map((v) => v.runName)
            .join(", ")} pending)`,
        );
      await sleep(2000);
      list = await client.json<GateVerdictList>("GET", path);
    }
    process.stdout.write(values.json ? `${JSON.stringify(list, null, 2)}\n` : render(list));
    const count = (v: RunGateVerdict["verdict"]) =>
      list.verdicts.filter((x) => x.verdict === v).length;
    if (count("failed") > 0) return 1;
    if (count("pending") > 0) return 3;
    return 0;
  });
}

export function describeGate(g: GateSpec): string[] {
  const out: string[] = [];
  if (g.min !== undefined) out.push(`${g.metric} ≥ ${g.min}`);
  if (g.maxDrop !== undefined)
    out.push(
      `${g.metric} drops at most ${g.maxDrop} below ${g.baseline === "baseline" ? "the baseline" : `run ${g.baseline}`} (unless not significant at α ${g.alpha})`,
    );
  if (g.maxRise !== undefined)
    out.push(
      `${g.metric} rises at most ${g.maxRise}% above ${g.baseline === "baseline" ? "the baseline" : `run ${g.baseline}`} (unless not significant at α ${g.alpha})`,
    );
  return out;
}

const LABEL: Record<RunGateVerdict["verdict"], string> = {
  passed: "PASS",
  failed: "FAIL",
  pending: "WAIT",
  none: "-",
};

function render(list: GateVerdictList): string {
  const lines: string[] = [];
  if (list.gates.length === 0)
    lines.push(
      `experiment ${list.experimentId} declares no gates (evalSuite.gates); nothing to check`,
    );
  else {
    lines.push(`experiment ${list.experimentId}, gates:`);
    for (const g of list.gates) for (const d of describeGate(g)) lines.push(`  ${d}`);
    lines.push("");
    for (const v of list.verdicts) {
      const note =
        v.verdict === "pending"
          ? v.checks.length
            ? " (waiting for the baseline's evaluation)"
            : ` (${v.runStatus}, not evaluated yet)`
          : v.verdict === "none"
            ? v.isBaseline
              ? " (the reference, not gated)"
              : v.baselineFailed
                ? " (baseline failed)"
                : ` (${v.runStatus})`
            : "";
      lines.push(`${LABEL[v.verdict].padEnd(4)}  ${v.runName}  ${v.runId}${note}`);
      for (const c of v.checks) lines.push(`        ${checkMark(c)} ${c.reason}`);
    }
  }
  const n = (verdict: string) => list.verdicts.filter((v) => v.verdict === verdict).length;
  lines.push(
    "",
    `${n("failed")} failed, ${n("passed")} passed, ${n("pending")} pending, ${n("none")} without a verdict`,
  );
  return `${lines.join("\n")}\n`;
}
