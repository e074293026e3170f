export { absoluteCheck, relativeCheck, verdictOf } from "./decide-checks";
export { evaluateGates, settlePendingGates } from "./evaluate-gates";
export { getExperimentGates, listGateVerdicts } from "./list-gate-verdicts";
