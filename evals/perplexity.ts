/**
 * Perplexity of reference answers from teacher-forced negative log-likelihoods (the local worker's
 * `perplexity` command gives each sample's summed NLL in nats and its token count). Corpus
 * perplexity is exp of the token-weighted mean NLL, exp(Σ nll / Σ tokens), not the mean of the
 * samples' perplexities; its CI resamples whole samples with the seeded numpy-equal generator
 * used for every other bootstrap here (`defaultRng`), and takes the same order-statistic interval
 * as sacreBLEU (the 2.5% and 97.5% bootstrap values). Perplexity is skewed, so the interval is
 * given by its ends, not as a half-width. Lower is better.
 */
import { assertKnownOptions } from "./internal/validate";
import { defaultRng } from "./rng";

export interface SampleNll {
  /** Summed negative log-likelihood of the sample's scored tokens, in nats. */
  nll: number;
  /** How many tokens were scored (at least 1). */
  tokens: number;
}

export interface PerplexityOptions {
  /** Bootstrap rounds (default 1000). */
  nSamples?: number;
  /** Bootstrap seed (default 12345, as every corpus CI in evals/). */
  seed?: number;
  /** The interval leaves alpha/2 of the bootstrap values on each side (default 0.05: 95%). */
  alpha?: number;
}

export interface PerplexityResult {
  score: number;
  /** Bootstrap interval [lower, upper], 95% unless `alpha` says otherwise. */
  ci: [number, number];
  signature: string;
}

/** A sample's own perplexity, exp(nll / tokens). */
export const samplePerplexity = (s: SampleNll): number => Math.exp(s.nll / s.tokens);

/** exp(Σ nll / Σ tokens) with a bootstrap CI over samples. */
export function corpusPerplexity(
  samples: SampleNll[],
  options: PerplexityOptions = {},
): PerplexityResult {
  const where = "corpusPerplexity";
  check(where, samples);
  const { nSamples, seed, alpha } = resampling(where, options);
  const rng = defaultRng(seed);
  const n = samples.length;
  const boot: number[] = [];
  for (let r = 0; r < nSamples; r++) {
    let nll = 0;
    let tokens = 0;
    for (let i = 0; i < n; i++) {
      const s = samples[rng.below(n)]!;
      nll += s.nll;
      tokens += s.tokens;
    }
    boot.push(Math.exp(nll / tokens));
  }
  return {
    score: Math.exp(sum(samples, "nll") / sum(samples, "tokens")),
    ci: interval(boot, alpha),
    signature: `perplexity|weighting:tokens|bs:${nSamples}|seed:${seed}`,
  };
}

/**
 * The candidate's corpus perplexity divided by the reference's on the same samples (1.25 = 25%
 * higher), with a paired bootstrap CI: each round draws one set of sample indices for both.
 */
export function perplexityRatio(
  reference: SampleNll[],
  candidate: SampleNll[],
  options: PerplexityOptions = {},
): PerplexityResult {
  const where = "perplexityRatio";
  check(`${where} reference`, reference);
  check(`${where} candidate`, candidate);
  if (reference.length !== candidate.length)
    throw new RangeError(
      `${where}: ${reference.length} reference samples but ${candidate.length} candidate samples; both must score the same samples`,
    );
  const { nSamples, seed, alpha } = resampling(where, options);
  const rng = defaultRng(seed);
  const n = reference.length;
  const logPpl = (nll: number, tokens: number) => nll / tokens;
  const boot: number[] = [];
  for (let r = 0; r < nSamples; r++) {
    const t = { rn: 0, rt: 0, cn: 0, ct: 0 };
    for (let i = 0; i < n; i++) {
      const k = rng.below(n);
      t.rn += reference[k]!.nll;
      t.rt += reference[k]!.tokens;
      t.cn += candidate[k]!.nll;
      t.ct += candidate[k]!.tokens;
    }
    boot.push(Math.exp(logPpl(t.cn, t.ct) - logPpl(t.rn, t.rt)));
  }
  const score = Math.exp(
    logPpl(sum(candidate, "nll"), sum(candidate, "tokens")) -
      logPpl(sum(reference, "nll"), sum(reference, "tokens")),
  );
  return {
    score,
    ci: interval(boot, alpha),
    signature: `perplexity-ratio|weighting:tokens|paired|bs:${nSamples}|seed:${seed}`,
  };
}

const sum = (samples: SampleNll[], key: keyof SampleNll) =>
  samples.reduce((total, s) => total + s[key], 0);

function interval(boot: number[], alpha: number): [number, number] {
  boot.sort((a, b) => a - b);
  // alpha 0.05 gives floor(n / 40), sacreBLEU's order statistic
  const lo = Math.floor((boot.length * alpha) / 2);
  return [boot[lo]!, boot[boot.length - lo - 1]!];
}

function resampling(where: string, options: PerplexityOptions) {
  assertKnownOptions(`${where} options`, options, ["nSamples", "seed", "alpha"]);
  const nSamples = options.nSamples ?? 1000;
  const seed = options.seed ?? 12345;
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`${where}: alpha must be between 0 and 1`);
  if (!Number.isInteger(nSamples) || nSamples < 1)
    throw new RangeError(`${where}: nSamples must be a positive whole number, got ${nSamples}`);
  return { nSamples, seed, alpha };
}

function check(where: string, samples: SampleNll[]) {
  if (!Array.isArray(samples) || samples.length === 0) throw new RangeError(`${where}: no samples`);
  samples.forEach((s, i) => {
    if (!Number.isFinite(s?.nll) || s.nll < 0)
      throw new RangeError(`${where}: samples[${i}].nll must be a finite number ≥ 0`);
    if (!Number.isInteger(s.tokens) || s.tokens < 1)
      throw new RangeError(`${where}: samples[${i}].tokens must be a whole number ≥ 1`);
  });
}
