export { getDataset, listDatasetExamples } from "./get-dataset";
export { listDatasets } from "./list-datasets";
export { uploadDataset } from "./upload-dataset";
