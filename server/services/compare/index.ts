export { getCompare } from "./get-compare";
export { getCompareSamples } from "./compare-samples";
