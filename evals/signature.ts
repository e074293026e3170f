/**
 * sacreBLEU reproducibility signatures (sacrebleu/metrics/base.py `Signature.format`): ordered
 * key:value pairs joined by "|", None skipped, booleans as yes/no, `version` always last.
 * `version:2.6.0` names the sacreBLEU release whose semantics these metrics reproduce exactly,
 * so our signatures are interchangeable with published sacreBLEU ones.
 */
export const SACREBLEU_VERSION = "2.6.0";

const ABBR: Record<string, string> = {
  version: "v",
  nrefs: "#",
  test: "t",
  lang: "l",
  subset: "S",
  origlang: "o",
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

export type SignatureInfo = Array<
  [key: string, value: string | number | boolean | null | undefined]
>;

export interface SignatureExtras {
  nrefs: number;
  bs?: number;
  ar?: number;
  seed?: number | string;
}

export function signatureEntries(
  extras: SignatureExtras,
  metricEntries: SignatureInfo,
): SignatureInfo {
  return [
    ["nrefs", extras.nrefs === -1 ? "var" : extras.nrefs],
    ["bs", extras.bs],
    ["ar", extras.ar],
    ["seed", extras.seed],
    ...metricEntries,
    ["version", SACREBLEU_VERSION],
  ];
}

export function formatSignature(entries: SignatureInfo, short = false): string {
  const pairs: string[] = [];
  for (const [key, value] of entries) {
    if (value === null || value === undefined) continue;
    const v = typeof value === "boolean" ? (value ? "yes" : "no") : String(value);
    pairs.push(`${short ? (ABBR[key] ?? key) : key}:${v}`);
  }
  return pairs.join("|");
}
