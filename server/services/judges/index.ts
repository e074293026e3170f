export { campaignCalibration } from "./campaign-calibration";
export { createJudge } from "./create-judge";
export { getJudge } from "./get-judge";
export { judgeOutputs } from "./judge-outputs";
export { listJudges } from "./list-judges";
export { runVerdicts } from "./run-verdicts";
export { tryJudge } from "./try-judge";
export { updateJudge } from "./update-judge";
