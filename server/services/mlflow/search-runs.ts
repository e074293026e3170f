import { and, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { resolveMlflowExperiment } from "./experiments";
import { badParam, latestMetrics } from "./mlflow-run";
import { compareRuns, parseOrderBy } from "./search-order";
import { toMlflowRun } from "./to-mlflow";

type Run = ReturnType<typeof toMlflowRun>;
type Clause = { scope: string; key: string; op: string; value: string | number };

// A clause: `tags.k = 'v'`, `params.k != "v"`, `attributes.status = 'FINISHED'`, `metrics.loss < 1`;
// keys may be back-quoted. Clauses are joined by AND (MLflow's grammar has no OR).
const CLAUSE =
  /^\s*(?:(tags?|params?|parameters?|metrics?|attributes?|attr|run)\.)?(`[^`]+`|[\w.\-/ ]+?)\s*(!=|>=|<=|=|>|<)\s*(?:'([^']*)'|"([^"]*)"|(-?[\d.eE+-]+))\s*$/i;

function parseFilter(filter: string | undefined): Clause[] {
  if (!filter?.trim()) return [];
  return filter.split(/\s+and\s+/i).map((part) => {
    const m = CLAUSE.exec(part);
    if (!m)
      throw badParam(
        `Unsupported search filter '${part.trim()}': use tags.KEY, params.KEY, metrics.KEY or attributes.(run_name|status|run_id) with =, !=, <, <=, >, >=, joined by AND.`,
      );
    const scope = (m[1] ?? "attributes")
      .toLowerCase()
      .replace(/s$/, "")
      .replace(/^parameter$/, "param");
    const text = m[4] ?? m[5];
    return { scope, key: m[2]!.replace(/^`|`$/g, ""), op: m[3]!, value: text ?? Number(m[6]) };
  });
}

function compare(actual: string | number | undefined, op: string, want: string | number) {
  if (actual === undefined) return false;
  switch (op) {
    case "=":
      return actual === want;
    case "!=":
      return actual !== want;
    case ">":
      return actual > want;
    case ">=":
      return actual >= want;
    case "<":
      return actual < want;
    default:
      return actual <= want;
  }
}

function matches(run: Run, clause: Clause): boolean {
  const { key, op, value } = clause;
  const pick = (list: { key: string; value: string | number }[]) =>
    list.find((x) => x.key === key)?.value;
  if (clause.scope === "tag") return compare(pick(run.data.tags), op, value);
  if (clause.scope === "param") return compare(pick(run.data.params), op, value);
  if (clause.scope === "metric") return compare(pick(run.data.metrics), op, value);
  const info = run.info as Record<string, string | number | undefined>;
  return compare(info[key === "run_name" || key === "runName" ? "run_name" : key], op, value);
}

/** The offset a page token carries: MLflow's own tokens are opaque offsets too. */
function parsePageToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  if (!/^\d{1,9}$/.test(token)) throw badParam(`Invalid page_token '${token}'.`);
  return Number(token);
}

/**
 * runs/search: the MLflow runs of the given experiments, filtered, in MLflow's order (order_by,
 * then newest first, then run id: a total order, so offsets page it exactly), and paged.
 */
export async function searchMlflowRuns({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: {
    experiment_ids: string[];
    filter?: string;
    run_view_type: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
    max_results: number;
    order_by: string[];
    page_token?: string;
  };
}) {
  const clauses = parseFilter(input.filter);
  const order = parseOrderBy(input.order_by);
  const offset = parsePageToken(input.page_token);
  const experimentIds = [];
  for (const id of input.experiment_ids)
    experimentIds.push((await resolveMlflowExperiment(ctx, id)).id);
  if (!experimentIds.length) return { runs: [] };
  const lifecycle =
    input.run_view_type === "ACTIVE_ONLY"
      ? isNull(runs.deletedAt)
      : input.run_view_type === "DELETED_ONLY"
        ? isNotNull(runs.deletedAt)
        : undefined;
  const rows = await ctx.db
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.projectId, projectOf(ctx)),
        inArray(runs.experimentId, experimentIds),
        isNotNull(runs.mlflow),
        lifecycle,
      ),
    )
    .orderBy(desc(runs.startedAt), runs.id);
  // Metrics are read for every run only when a filter or the order needs them.
  const needsMetrics = clauses.length > 0 || order.some((k) => k.scope === "metric");
  const found: Run[] = [];
  for (const row of rows) {
    const run = toMlflowRun(row, needsMetrics ? await latestMetrics(ctx.db, row.id) : []);
    if (clauses.every((c) => matches(run, c))) found.push(run);
  }
  found.sort(compareRuns(order));
  const page = found.slice(offset, offset + input.max_results);
  if (!needsMetrics)
    for (const run of page) run.data.metrics = await latestMetrics(ctx.db, run.info.run_id);
  const next = offset + input.max_results;
  return { runs: page, ...(next < found.length ? { next_page_token: String(next) } : {}) };
}
