/**
 * Arguments of `tunebench eval bleu|chrf`, named as in the sacreBLEU CLI.
 * Files: `REF... -i HYP...` (sacreBLEU's order: -i takes every following non-option argument),
 * or `-i HYP REF...` (no reference before -i: -i takes one file and the rest are references).
 * `-i` may be repeated; in paired mode the first hypothesis file is the baseline.
 */
export interface EvalArgs {
  metric: "bleu" | "chrf";
  inputs: string[];
  refs: string[];
  numRefs: number;
  tokenize?: string;
  smoothMethod?: string;
  smoothValue?: number;
  lowercase: boolean;
  chrfCharOrder: number;
  chrfWordOrder: number;
  chrfBeta: number;
  chrfWhitespace: boolean;
  chrfLowercase: boolean;
  chrfEpsSmoothing: boolean;
  sentenceLevel: boolean;
  confidence: boolean;
  confidenceN: number;
  pairedBs: boolean;
  pairedAr: boolean;
  pairedBsN: number;
  pairedArN: number;
  width: number;
  format: "json" | "text";
  scoreOnly: boolean;
  short: boolean;
  help: boolean;
}

type Spec = { key: keyof EvalArgs; kind: "flag" | "int" | "float" | "string" };
const OPTIONS: Record<string, Spec> = {};
const def = (names: string[], key: keyof EvalArgs, kind: Spec["kind"]) => {
  for (const n of names) OPTIONS[n] = { key, kind };
};
def(["--tokenize", "-tok"], "tokenize", "string");
def(["--smooth-method", "-s"], "smoothMethod", "string");
def(["--smooth-value", "-sv"], "smoothValue", "float");
def(["--lowercase", "-lc"], "lowercase", "flag");
def(["--chrf-char-order", "-cc"], "chrfCharOrder", "int");
def(["--chrf-word-order", "-cw"], "chrfWordOrder", "int");
def(["--chrf-beta"], "chrfBeta", "int");
def(["--chrf-whitespace"], "chrfWhitespace", "flag");
def(["--chrf-lowercase"], "chrfLowercase", "flag");
def(["--chrf-eps-smoothing"], "chrfEpsSmoothing", "flag");
def(["--sentence-level", "-sl"], "sentenceLevel", "flag");
def(["--confidence", "-ci"], "confidence", "flag");
def(["--confidence-n", "-cin"], "confidenceN", "int");
def(["--paired-bs", "-pbs"], "pairedBs", "flag");
def(["--paired-ar", "-par"], "pairedAr", "flag");
def(["--paired-bs-n", "-pbsn"], "pairedBsN", "int");
def(["--paired-ar-n", "-parn"], "pairedArN", "int");
def(["--num-refs", "-nr"], "numRefs", "int");
def(["--width", "-w"], "width", "int");
def(["--format", "-f"], "format", "string");
def(["--score-only", "-b"], "scoreOnly", "flag");
def(["--short", "-sh"], "short", "flag");
def(["--help", "-h"], "help", "flag");
// Accepted for sacreBLEU compatibility; they change nothing here.
const IGNORED_FLAGS = new Set(["--force", "--quiet", "-q", "--no-color", "-nc"]);

export const EVAL_USAGE = `usage: tunebench eval bleu|chrf -i HYP_FILE REF_FILE [REF_FILE ...] [options]
       tunebench eval bleu|chrf REF_FILE [REF_FILE ...] -i BASELINE SYSTEM [SYSTEM ...] --paired-bs|--paired-ar

Same scores, score lines, JSON and signatures as the sacreBLEU 2.6.0 CLI. Options (sacreBLEU names):
  -tok/--tokenize 13a|intl|zh|char|none  -s/--smooth-method exp|floor|add-k|none  -sv/--smooth-value X
  -lc/--lowercase   -cc/--chrf-char-order N  -cw/--chrf-word-order N  --chrf-beta N  --chrf-whitespace
  --chrf-lowercase  --chrf-eps-smoothing  -sl/--sentence-level  -ci/--confidence  -cin/--confidence-n N
  -pbs/--paired-bs  -par/--paired-ar  -pbsn/--paired-bs-n N  -parn/--paired-ar-n N  -nr/--num-refs N
  -w/--width N (default 1)  -f/--format json|text (default json)  -b/--score-only  -sh/--short
The resampling seed is 12345, or the SACREBLEU_SEED environment variable, as in sacreBLEU.
`;

export function parseEvalArgs(argv: string[]): EvalArgs {
  const [metric, ...rest] = argv;
  const a: EvalArgs = {
    metric: "bleu",
    inputs: [],
    refs: [],
    numRefs: 1,
    lowercase: false,
    chrfCharOrder: 6,
    chrfWordOrder: 0,
    chrfBeta: 2,
    chrfWhitespace: false,
    chrfLowercase: false,
    chrfEpsSmoothing: false,
    sentenceLevel: false,
    confidence: false,
    confidenceN: 1000,
    pairedBs: false,
    pairedAr: false,
    pairedBsN: 1000,
    pairedArN: 10000,
    width: 1,
    format: "json",
    scoreOnly: false,
    short: false,
    help: false,
  };
  if (metric === "-h" || metric === "--help") return { ...a, help: true };
  if (metric !== "bleu" && metric !== "chrf")
    throw new Error(
      `eval: the first argument must be the metric, bleu or chrf, got ${JSON.stringify(metric)}\n${EVAL_USAGE}`,
    );
  a.metric = metric;
  const rec = a as unknown as Record<string, unknown>;
  let inInput = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "-i" || arg === "--input") {
      // Without a reference before it, -i takes a single file (`-i HYP REF...`).
      const next = rest[i + 1];
      if (next === undefined || next.startsWith("-"))
        throw new Error("eval: -i/--input needs a file");
      a.inputs.push(next);
      i++;
      inInput = a.refs.length > 0;
      continue;
    }
    if (arg.startsWith("-") && arg !== "-") {
      inInput = false;
      const [name, inline] = arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
      if (IGNORED_FLAGS.has(name)) continue;
      const spec = OPTIONS[name];
      if (!spec) throw new Error(`eval: unknown option ${JSON.stringify(name)}\n${EVAL_USAGE}`);
      if (spec.kind === "flag") {
        rec[spec.key] = true;
        continue;
      }
      const value = inline ?? rest[++i];
      if (value === undefined) throw new Error(`eval: option ${name} needs a value`);
      if (spec.kind === "string") rec[spec.key] = value;
      else {
        const n = Number(value);
        if (!Number.isFinite(n) || (spec.kind === "int" && !Number.isInteger(n)))
          throw new Error(
            `eval: option ${name} needs ${spec.kind === "int" ? "an integer" : "a number"}, got ${JSON.stringify(value)}`,
          );
        rec[spec.key] = n;
      }
      continue;
    }
    (inInput ? a.inputs : a.refs).push(arg);
  }
  if (a.help) return a;
  if (a.format !== "json" && a.format !== "text")
    throw new Error(`eval: --format must be json or text, got ${JSON.stringify(a.format)}`);
  if (a.inputs.length === 0)
    throw new Error(`eval: no hypothesis file (-i HYP_FILE)\n${EVAL_USAGE}`);
  if (a.refs.length === 0) throw new Error(`eval: no reference file\n${EVAL_USAGE}`);
  if (a.pairedAr && a.pairedBs)
    throw new Error("eval: --paired-bs and --paired-ar are mutually exclusive");
  if ((a.pairedAr || a.pairedBs) && a.inputs.length < 2)
    throw new Error(
      "eval: paired tests need a baseline and at least one system (-i BASELINE -i SYSTEM)",
    );
  if (a.confidence && a.inputs.length > 1)
    throw new Error("eval: use paired tests (--paired-bs/--paired-ar) for multiple systems");
  if (a.numRefs !== 1 && a.refs.length > 1)
    throw new Error(
      "eval: --num-refs reads tab-separated references from a single file; give one reference file",
    );
  return a;
}
