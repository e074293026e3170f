export { getSeries } from "./get-series";
export { streamPoints } from "./stream-points";
export { lttbEnvelope } from "./lttb";
export { parseStreamQuery } from "./stream-query";
