/** sacreBLEU CLI output: `Score.format` lines and JSON, and the paired-test table/JSON
 *  (sacrebleu/metrics/base.py, sacrebleu/utils.py). Colours are never emitted. */
import { type PyJson, pyFixed, pyJsonDumps } from "../evals/internal/py-format";

export interface ScoreLine {
  name: string;
  score: number;
  signature: string;
  verbose: string;
  mean?: number;
  ci?: number;
}

export function formatScore(
  s: ScoreLine,
  width: number,
  scoreOnly: boolean,
  json: boolean,
): string {
  let sc = pyFixed(s.score, width);
  const d: Record<string, PyJson> = { name: s.name, score: Number(sc), signature: s.signature };
  // Upstream quirk kept: the CI is shown only when the bootstrap mean is > 0.
  if (s.mean !== undefined && s.mean > 0) {
    const m = pyFixed(s.mean, width),
      v = pyFixed(s.ci!, width);
    sc += ` (μ = ${m} ± ${v})`;
    if (json)
      Object.assign(d, {
        confidence_mean: Number(m),
        confidence_var: Number(v),
        confidence: `μ = ${m} ± ${v}`,
      });
  }
  let full = `${s.signature ? `${s.name}|${s.signature}` : s.name} = ${sc}`;
  if (s.verbose) {
    full += ` ${s.verbose}`;
    d.verbose_score = s.verbose;
  }
  if (scoreOnly) return sc;
  if (json) {
    for (const p of s.signature.split("|")) {
      const [k, v] = p.split(":") as [string, string];
      d[k] = v;
    }
    return pyJsonDumps(d, 1, false);
  }
  return full;
}

export function bleuVerbose(r: {
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
}): string {
  const ratio = r.refLen ? r.sysLen / r.refLen : 0;
  return `${r.precisions.map((p) => pyFixed(p, 1)).join("/")} (BP = ${pyFixed(r.bp, 3)} ratio = ${pyFixed(ratio, 3)} hyp_len = ${r.sysLen} ref_len = ${r.refLen})`;
}

export interface SystemResult {
  system: string;
  score: number;
  pValue: number | null;
  mean: number | null;
  ci: number | null;
}

export function pairedJson(metricName: string, rows: SystemResult[]): string {
  return pyJsonDumps(
    rows.map((r) => ({
      system: r.system,
      [metricName]: { score: r.score, p_value: r.pValue, mean: r.mean, ci: r.ci },
    })),
    4,
    true,
  );
}

export function plainMultiJson(
  metricName: string,
  rows: { system: string; score: string }[],
): string {
  return pyJsonDumps(
    rows.map((r) => ({ system: r.system, [metricName]: r.score })),
    4,
    true,
  );
}

/** sacreBLEU's `--short` signature keys. */
const SHORT: Record<string, string> = {
  version: "v",
  nrefs: "#",
  bs: "bs",
  ar: "ar",
  seed: "rs",
  case: "c",
  eff: "e",
  tok: "tok",
  smooth: "s",
  nc: "nc",
  nw: "nw",
  space: "s",
};
export function shortSignature(sig: string): string {
  return sig
    .split("|")
    .map((p) => {
      const [k, v] = p.split(":") as [string, string];
      return `${SHORT[k] ?? k}:${v}`;
    })
    .join("|");
}
