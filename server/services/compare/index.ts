export { getCompareSamples } from "./compare-samples";
export { getCompare } from "./get-compare";
