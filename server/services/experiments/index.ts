export { createExperiment } from "./create-experiment";
export { expandGrid, gridSize } from "./expand-grid";
export { getExperiment } from "./get-experiment";
export { listExperiments } from "./list-experiments";
export { previewGrid } from "./preview-grid";
