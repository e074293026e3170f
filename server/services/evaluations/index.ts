export { evaluateRun, failEvaluation } from "./evaluate-run";
export { scoreOutputs, type CorpusScores } from "./score-outputs";
export { requestEvaluation, type RequestEvaluationResult } from "./request-evaluation";
