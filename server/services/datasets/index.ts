export { getDataset, listDatasetExamples } from "./get-dataset";
export { listDatasets } from "./list-datasets";
export { type DomainCtx, projectOf } from "./scope";
export { uploadDataset } from "./upload-dataset";
