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
export { binomialTwoSided } from "./binomial";
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
export { clusterBootstrap } from "./cluster-bootstrap";
export { meanWithCi } from "./internal/mean-ci";
export * from "./judges";
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
  type PairedReferences,
  type PairedSystem,
  pairedComparer,
  pairedPValue,
} from "./paired-p-value";
export { pairedTestFromStats, type SegmentStats, segmentStats } from "./paired-stats";
export {
  corpusPerplexity,
  type PerplexityOptions,
  type PerplexityResult,
  perplexityRatio,
  type SampleNll,
  samplePerplexity,
} from "./perplexity";
export { porterStem } from "./porter-stemmer";
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
export { btBootstrapRounds } from "./review-pairwise";
export { reviewResults } from "./review-results";
export {
  type AgreementFigure,
  type AgreementReading,
  agreementReading,
  type JudgeAgreement,
  PAIRWISE_OUTCOMES,
  type PairwiseOutcome,
  type ResultItem,
  type ResultsInput,
  type ResultVote,
  type ReviewModeName,
  type ReviewResultsOut,
  type RubricSpec,
  type RunReviewScore,
  type ShownChoice,
} from "./review-votes";
export { defaultRng, mulberry32, Pcg64 } from "./rng";
export {
  DEFAULT_ROUGE_TYPES,
  ROUGE_SCORE_VERSION,
  ROUGE_TOKENIZERS,
  ROUGE_TYPES,
  type RougeOptions,
  type RougeResult,
  type RougeScore,
  type RougeTokenizer,
  type RougeType,
  rougeScore,
  rougeSignature,
  rougeTokenize,
} from "./rouge";
export {
  type CompiledRule,
  checkRules,
  compileRules,
  type RuleResult,
  scoreRules,
} from "./rules/compile";
export {
  type ContainsRule,
  formatRuleIssue,
  type JsonSchemaRule,
  type LengthBoundsRule,
  type RegexRule,
  RULE_KINDS,
  type RuleIssue,
  type RuleKind,
  type RuleSpec,
  type ValidJsonRule,
} from "./rules/spec";
export {
  type CorpusScore,
  SAMPLE_METRICS,
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
