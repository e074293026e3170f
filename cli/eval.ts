/**
 * `tunebench eval bleu|chrf`: the sacreBLEU 2.6.0 CLI's single-system, confidence, sentence-level
 * and paired-test modes for one metric, with the same score lines, JSON and signatures.
 */
import { type BleuOptions, corpusBleu, sentenceBleu } from "../evals/bleu";
import {
  type ChrfOptions,
  chrfName,
  corpusChrf,
  resolveChrfOptions,
  sentenceChrf,
} from "../evals/chrf";
import { bootstrapCi, pairedTest } from "../evals/significance";
import { EVAL_USAGE, type EvalArgs, parseEvalArgs } from "./eval-args";
import {
  bleuVerbose,
  formatScore,
  pairedJson,
  plainMultiJson,
  type ScoreLine,
  type SystemResult,
  shortSignature,
} from "./eval-format";
import { pairedText, signatureFooter } from "./eval-paired-text";
import { readLines } from "./read-lines";
import { fancyGrid } from "./table";

export async function run(argv: string[]): Promise<number> {
  const args = parseEvalArgs(argv);
  if (args.help) {
    process.stdout.write(EVAL_USAGE);
    return 0;
  }
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const refs = readReferences(args);
  const systems = args.inputs.map((f) => ({ name: f, lines: readLines(f) }));
  for (const s of systems) {
    if (s.lines.length === 0) throw new Error(`${s.name} contains no sentence`);
    refs.forEach((r, k) => {
      if (r.length !== s.lines.length)
        throw new Error(
          `System and reference streams have different lengths: ${s.name} has ${s.lines.length} lines, reference ${k + 1} has ${r.length}`,
        );
    });
  }
  const opts = metricOptions(args);
  const seed = seedFromEnv();
  const sigShort = args.format === "json" ? false : args.short;

  if (args.sentenceLevel) {
    if (systems.length > 1)
      throw new Error("Only one system can be evaluated in sentence-level mode.");
    if (args.confidence || args.pairedBs || args.pairedAr)
      throw new Error("Statistical tests are unavailable in sentence-level mode.");
    systems[0]!.lines.forEach((h, i) => {
      const r = refs.map((s) => s[i]!);
      out(formatScore(scoreLine(args, h, r, opts, args.short), args.width, args.scoreOnly, false));
    });
    return 0;
  }
  if (systems.length === 1) {
    const line = corpusLine(args, systems[0]!.lines, refs, opts, sigShort, seed);
    out(formatScore(line, args.width, args.scoreOnly, args.format === "json"));
    return 0;
  }
  if (!args.pairedBs && !args.pairedAr) {
    const lines = systems.map((s) => ({
      system: s.name,
      line: corpusLine(args, s.lines, refs, opts, args.short, seed),
    }));
    const rows = lines.map((l) => ({
      system: l.system,
      score: formatScore(l.line, args.width, true, false),
    }));
    const name = metricName(args, opts);
    if (args.format === "json") out(plainMultiJson(name, rows));
    else
      out(
        `${fancyGrid(
          ["System", name],
          rows.map((r) => [r.system, r.score]),
        )}\n\n${signatureFooter(name, lines[0]!.line.signature)}`,
      );
    return 0;
  }
  const test = args.pairedBs ? "bs" : "ar";
  const n = args.pairedBs ? args.pairedBsN : args.pairedArN;
  const [baseline, ...others] = systems;
  const rows: SystemResult[] = [];
  let signature = "";
  for (const sys of others) {
    const r = pairedTest(args.metric, baseline!.lines, sys.lines, refs, {
      ...opts,
      test,
      nSamples: n,
      seed,
    });
    signature = r.signature;
    if (rows.length === 0) {
      rows.push({
        system: `Baseline: ${baseline!.name}`,
        score: r.baselineScore,
        pValue: null,
        mean: r.baselineMean ?? null,
        ci: r.baselineCi ?? null,
      });
    }
    rows.push({
      system: sys.name,
      score: r.systemScore,
      pValue: r.pValue,
      mean: r.systemMean ?? null,
      ci: r.systemCi ?? null,
    });
  }
  const name = metricName(args, opts);
  if (args.format === "json") out(pairedJson(name, rows));
  else out(pairedText(name, rows, signature, args));
  return 0;
}

function readReferences(args: EvalArgs): string[][] {
  if (args.numRefs === 1) return args.refs.map(readLines);
  const streams: string[][] = Array.from({ length: args.numRefs }, () => []);
  for (const [i, line] of readLines(args.refs[0]!).entries()) {
    const fields = line.split("\t");
    const parts = [...fields.slice(0, args.numRefs - 1), fields.slice(args.numRefs - 1).join("\t")];
    if (fields.length < args.numRefs)
      throw new Error(
        `FATAL: line ${i + 1}: expected ${args.numRefs} fields, but found ${fields.length}.`,
      );
    for (const [k, p] of parts.entries()) streams[k]!.push(p);
  }
  return streams;
}

function metricOptions(a: EvalArgs): BleuOptions | ChrfOptions {
  if (a.metric === "bleu") {
    return {
      tokenize: (a.tokenize ?? "13a") as BleuOptions["tokenize"],
      smoothMethod: (a.smoothMethod ?? "exp") as BleuOptions["smoothMethod"],
      ...(a.smoothValue !== undefined ? { smoothValue: a.smoothValue } : {}),
      lowercase: a.lowercase,
    };
  }
  return {
    charOrder: a.chrfCharOrder,
    wordOrder: a.chrfWordOrder,
    beta: a.chrfBeta,
    lowercase: a.chrfLowercase,
    whitespace: a.chrfWhitespace,
    epsSmoothing: a.chrfEpsSmoothing,
  };
}

function seedFromEnv(): number {
  const s = process.env.SACREBLEU_SEED ?? "12345";
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`SACREBLEU_SEED must be a non-negative integer here, got ${JSON.stringify(s)}`);
  return n;
}

function metricName(a: EvalArgs, opts: BleuOptions | ChrfOptions): string {
  return a.metric === "bleu" ? "BLEU" : chrfName(resolveChrfOptions("eval", opts as ChrfOptions));
}

function corpusLine(
  a: EvalArgs,
  hyps: string[],
  refs: string[][],
  opts: BleuOptions | ChrfOptions,
  short: boolean,
  seed: number,
): ScoreLine {
  const ci = a.confidence
    ? bootstrapCi(a.metric, hyps, refs, { ...opts, nSamples: a.confidenceN, seed })
    : undefined;
  const sig = (s: string) => (short ? shortSignature(s) : s);
  if (a.metric === "bleu") {
    const r = corpusBleu(hyps, refs, opts as BleuOptions);
    return {
      name: "BLEU",
      score: r.score,
      signature: sig(ci?.signature ?? r.signature),
      verbose: bleuVerbose(r),
      mean: ci?.mean,
      ci: ci?.ci,
    };
  }
  const r = corpusChrf(hyps, refs, opts as ChrfOptions);
  return {
    name: r.name,
    score: r.score,
    signature: sig(ci?.signature ?? r.signature),
    verbose: "",
    mean: ci?.mean,
    ci: ci?.ci,
  };
}

function scoreLine(
  a: EvalArgs,
  hyp: string,
  refs: string[],
  opts: BleuOptions | ChrfOptions,
  short: boolean,
): ScoreLine {
  const sig = (s: string) => (short ? shortSignature(s) : s);
  if (a.metric === "bleu") {
    const r = sentenceBleu(hyp, refs, { ...(opts as BleuOptions), effectiveOrder: true });
    return { name: "BLEU", score: r.score, signature: sig(r.signature), verbose: bleuVerbose(r) };
  }
  const r = sentenceChrf(hyp, refs, opts as ChrfOptions);
  return { name: r.name, score: r.score, signature: sig(r.signature), verbose: "" };
}
