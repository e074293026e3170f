export { uploadDataset } from "./upload-dataset";
export { listDatasets } from "./list-datasets";
export { getDataset, listDatasetExamples } from "./get-dataset";
export { projectOf, type DomainCtx } from "./scope";
