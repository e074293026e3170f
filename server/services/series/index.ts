export { getSeries } from "./get-series";
export { lttbEnvelope } from "./lttb";
export { streamPoints } from "./stream-points";
export { parseStreamQuery } from "./stream-query";
