export { evaluateGates, settlePendingGates } from "./evaluate-gates";
export { listGateVerdicts, getExperimentGates } from "./list-gate-verdicts";
export { absoluteCheck, relativeCheck, verdictOf } from "./decide-checks";
