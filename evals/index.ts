/** Tunebench evals: pure metrics and statistics (no I/O). See evals/README.md. */

export {
  type AccuracyResult,
  type ExactMatchOptions,
  exactMatch,
  extractChoice,
  MATCH_MODES,
  type MatchMode,
  normalizeSquad,
  numericMatch,
} from "./accuracy";
export { type AlphaLevel, cohenKappa, fleissKappa, krippendorffAlpha } from "./agreement";
export {
  type BleuOptions,
  type BleuResult,
  computeBleu,
  corpusBleu,
  SMOOTH_METHODS,
  type SmoothMethod,
  sentenceBleu,
} from "./bleu";
export { type Battle, type BradleyTerryRating, bradleyTerry } from "./bradley-terry";
export { type ChrfOptions, type ChrfResult, corpusChrf, sentenceChrf } from "./chrf";
export {
  type BoardEntry,
  type BoardStanding,
  boardStanding,
  type RankedRow,
  type RowInputs,
  type RowPValues,
  rankBoard,
  rankRow,
  rowInputs,
  rowTests,
} from "./leaderboard";
export {
  type PairedMetric,
  type PairedSystem,
  pairedComparer,
  pairedPValue,
} from "./paired-p-value";
export { pairedTestFromStats, type SegmentStats, segmentStats } from "./paired-stats";
export {
  type Objective,
  type ParetoItem,
  paretoFront,
  paretoLayers,
  type RankedRun,
  type RankOptions,
  type RunSamples,
  rankRuns,
} from "./ranking";
export { defaultRng, mulberry32, Pcg64 } from "./rng";
export {
  type CorpusScore,
  type SampleMetric,
  type ScoreSamplesInput,
  type ScoreSamplesOutput,
  scoreSamples,
} from "./score-samples";
export { formatSignature, SACREBLEU_VERSION } from "./signature";
export {
  bootstrapCi,
  type CiResult,
  type PairedResult,
  pairedTest,
  type ResampleOptions,
} from "./significance";
export { getTokenizer, TOKENIZERS, type TokenizerName } from "./tokenizers";
