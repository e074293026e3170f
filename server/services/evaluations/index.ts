export { evaluateRun, failEvaluation } from "./evaluate-run";
export { type RequestEvaluationResult, requestEvaluation } from "./request-evaluation";
export { scoreOutputs } from "./score-outputs";
