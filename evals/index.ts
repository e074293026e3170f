/** Tunebench evals: pure metrics and statistics (no I/O). See evals/README.md. */
export {
  corpusBleu,
  sentenceBleu,
  computeBleu,
  SMOOTH_METHODS,
  type BleuOptions,
  type BleuResult,
  type SmoothMethod,
} from "./bleu";
export { corpusChrf, sentenceChrf, type ChrfOptions, type ChrfResult } from "./chrf";
export {
  bootstrapCi,
  pairedTest,
  type CiResult,
  type PairedResult,
  type ResampleOptions,
} from "./significance";
export { segmentStats, pairedTestFromStats, type SegmentStats } from "./paired-stats";
export {
  exactMatch,
  extractChoice,
  numericMatch,
  normalizeSquad,
  MATCH_MODES,
  type AccuracyResult,
  type ExactMatchOptions,
  type MatchMode,
} from "./accuracy";
export { krippendorffAlpha, cohenKappa, fleissKappa, type AlphaLevel } from "./agreement";
export { bradleyTerry, type Battle, type BradleyTerryRating } from "./bradley-terry";
export {
  rankRuns,
  paretoLayers,
  paretoFront,
  type RankedRun,
  type RankOptions,
  type RunSamples,
  type Objective,
  type ParetoItem,
} from "./ranking";
export {
  scoreSamples,
  type ScoreSamplesInput,
  type ScoreSamplesOutput,
  type CorpusScore,
  type SampleMetric,
} from "./score-samples";
export { defaultRng, mulberry32, Pcg64 } from "./rng";
export { TOKENIZERS, getTokenizer, type TokenizerName } from "./tokenizers";
export { SACREBLEU_VERSION, formatSignature } from "./signature";
