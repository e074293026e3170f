export { getSeries } from "./get-series";
