export { createExperiment } from "./create-experiment";
export { expandGrid, gridSize } from "./expand-grid";
export { getExperiment } from "./get-experiment";
export { listExperiments } from "./list-experiments";
export { listLocalDevices } from "./list-local-devices";
export { previewGrid } from "./preview-grid";
export { setExperimentEvaluation } from "./set-experiment-evaluation";
