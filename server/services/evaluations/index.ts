export { evaluateRun, failEvaluation } from "./evaluate-run";
export { type RequestEvaluationResult, requestEvaluation } from "./request-evaluation";
export { type CorpusScores, scoreOutputs } from "./score-outputs";
