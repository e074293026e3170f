export { type JudgeBias, judgeBias, type Share, type SwappedPair } from "./bias";
export {
  CALIBRATION_LABELS,
  type Calibration,
  type CalibrationItem,
  calibrate,
  humanMajority,
  KAPPA_WARNING_BELOW,
  type KappaBand,
  kappaBand,
} from "./calibration";
export { judgeCorpusScore } from "./corpus";
export {
  type ChatMessage,
  checkTemplate,
  customPrompt,
  fillTemplate,
  renderPrompt,
  type TemplateIssue,
  type TemplateValues,
} from "./render";
export { combineOrders, gameWinner, type PairVerdict, type PairWinner } from "./swap";
export {
  BUILTIN_TEMPLATES,
  type BuiltinTemplate,
  builtinMode,
  builtinPrompt,
  DEFAULT_SYSTEM,
  formatReminder,
  JUDGE_MODES,
  type JudgeCriterion,
  type JudgeMode,
  PLACEHOLDERS,
  type Placeholder,
  type PromptText,
} from "./templates";
export {
  type PairwiseChoice,
  parsePairwise,
  parseRating,
  parseRubric,
  RATING_MAX,
  RATING_MIN,
  ratingToScore,
} from "./verdict";
export {
  judgeRatings,
  type ReferenceVerdict,
  type RunVerdict,
  type WinRate,
  winRate,
} from "./win-rate";
