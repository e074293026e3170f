import { badParam } from "./mlflow-run";
import type { toMlflowRun } from "./to-mlflow";

type Run = ReturnType<typeof toMlflowRun>;
type Scope = "metric" | "param" | "tag" | "attribute";
export type OrderKey = { scope: Scope; key: string; ascending: boolean };

// runs/search's order_by as MLflow parses it (mlflow/utils/search_utils.py): `[scope.]key [ASC|DESC]`,
// the key optionally quoted or back-quoted, no scope meaning an attribute.
const SCOPES: Record<string, Scope> = {
  metric: "metric",
  metrics: "metric",
  parameter: "param",
  parameters: "param",
  param: "param",
  params: "param",
  tag: "tag",
  tags: "tag",
  attribute: "attribute",
  attributes: "attribute",
  attr: "attribute",
  run: "attribute",
};
/** RunInfo's orderable attributes, and MLflow's aliases of start_time. */
const ATTRIBUTES = [
  "artifact_uri",
  "end_time",
  "run_id",
  "run_name",
  "start_time",
  "status",
  "user_id",
];
const ALIASES: Record<string, string> = { created: "start_time", Created: "start_time" };

/** Splits on spaces outside quotes and strips the quotes, as shlex does (backticks count as ""). */
function words(text: string): string[] | null {
  const out: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === '"' || ch === "'" || ch === "`") {
      quote = ch;
      word ??= "";
    } else if (/\s/.test(ch)) {
      if (word !== null) out.push(word);
      word = null;
    } else word = (word ?? "") + ch;
  }
  if (quote) return null;
  if (word !== null) out.push(word);
  return out;
}

function parseClause(clause: string): OrderKey {
  const tokens = words(clause);
  if (!tokens || tokens.length === 0 || tokens.length > 2)
    throw badParam(`Invalid order_by clause '${clause}'. Could not be parsed.`);
  const direction = tokens[1]?.toLowerCase();
  if (direction !== undefined && direction !== "asc" && direction !== "desc")
    throw badParam(`Invalid ordering key in order_by clause '${clause}'.`);
  const identifier = tokens[0]!;
  const dot = identifier.indexOf(".");
  const type = dot < 0 ? "attribute" : identifier.slice(0, dot);
  const scope = SCOPES[type];
  if (!scope)
    throw badParam(
      `Invalid entity type '${type}' in order_by clause '${clause}'. Valid values are metrics, params, tags and attributes.`,
    );
  let key = dot < 0 ? identifier : identifier.slice(dot + 1);
  if (scope === "attribute") {
    key = ALIASES[key] ?? key;
    if (!ATTRIBUTES.includes(key))
      throw badParam(
        `Invalid attribute key '${key}' in order_by clause '${clause}'. Valid keys are ${ATTRIBUTES.join(", ")}.`,
      );
  }
  return { scope, key, ascending: direction !== "desc" };
}

/** MLflow's order_by clauses, then its default order: start_time DESC (unless ordered by), run_id. */
export function parseOrderBy(clauses: string[]): OrderKey[] {
  const keys = clauses.map(parseClause);
  const seen = new Set<string>();
  for (const k of keys) {
    const id = `${k.scope}.${k.key}`;
    if (seen.has(id))
      throw badParam(`\`order_by\` contains duplicate fields: ${JSON.stringify(clauses)}`);
    seen.add(id);
  }
  if (!seen.has("attribute.start_time"))
    keys.push({ scope: "attribute", key: "start_time", ascending: false });
  keys.push({ scope: "attribute", key: "run_id", ascending: true });
  return keys;
}

function sortValue(run: Run, { scope, key }: OrderKey): string | number | undefined {
  const pick = (list: { key: string; value: string | number }[]) =>
    list.find((x) => x.key === key)?.value;
  if (scope === "metric") return pick(run.data.metrics);
  if (scope === "param") return pick(run.data.params);
  if (scope === "tag") return pick(run.data.tags);
  return (run.info as Record<string, string | number | undefined>)[key];
}

/** MLflow's SQL store order: values first, then NaN, then runs without the key, whichever the
 *  direction; values compared as numbers (metrics, times) or text. */
export function compareRuns(keys: OrderKey[]) {
  const rank = (v: string | number | undefined) =>
    v === undefined ? 2 : typeof v === "number" && Number.isNaN(v) ? 1 : 0;
  return (a: Run, b: Run): number => {
    for (const k of keys) {
      const x = sortValue(a, k);
      const y = sortValue(b, k);
      const byRank = rank(x) - rank(y);
      if (byRank !== 0) return byRank;
      if (rank(x) !== 0 || x === y) continue;
      const order = x! < y! ? -1 : 1;
      return k.ascending ? order : -order;
    }
    return 0;
  };
}
