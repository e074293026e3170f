import { fmtParam } from "@/app/_components/format";
import { ModelName } from "@/app/_components/model-name";

/** Nested config flattened to dotted keys ("training.learning_rate"): readable, diffable by eye,
 *  and never a raw JSON dump. */
export function flatten(
  value: unknown,
  prefix = "",
  out: [string, unknown][] = [],
): [string, unknown][] {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.push([prefix, Array.isArray(value) ? value.map((x) => fmtParam(x)).join(", ") : value]);
  }
  return out;
}

export function ConfigList({ hyperparams, spec }: { hyperparams: unknown; spec: unknown }) {
  const hp = flatten(hyperparams).sort(([a], [b]) => a.localeCompare(b));
  // Paths to files on the server say nothing useful to a reader of the page.
  const rest = flatten(spec).filter(([k]) => !/(_file|_path|^out|adapter)$/.test(k));
  return (
    <div className="stack">
      {hp.length > 0 && (
        <div>
          <div className="label" style={{ marginBottom: 6 }}>
            Grid point
          </div>
          <dl className="kv">
            {hp.map(([k, v]) => (
              <Row key={k} k={k} v={v} />
            ))}
          </dl>
        </div>
      )}
      <div>
        <div className="label" style={{ marginBottom: 6 }}>
          Run spec
        </div>
        {rest.length ? (
          <dl className="kv">
            {rest.map(([k, v]) => (
              <Row key={k} k={k} v={v} />
            ))}
          </dl>
        ) : (
          <span className="faint">—</span>
        )}
      </div>
    </div>
  );
}

function Row({ k, v }: { k: string; v: unknown }) {
  return (
    <>
      <dt className="mono small">{k}</dt>
      <dd className="mono small">
        {k === "baseModel" && typeof v === "string" ? <ModelName value={v} /> : fmtParam(v)}
      </dd>
    </>
  );
}
