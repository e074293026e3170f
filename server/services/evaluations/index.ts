export { evaluateRun, failEvaluation } from "./evaluate-run";
export { scoreOutputs, type CorpusScores } from "./score-outputs";
