// Here rather than beside the zod schemas (server/schemas/series.ts) so the curves card does not
// pull zod into the experiment page's client script.

/** Points per series a chart asks for by default; the tiles of this read are the ones prebuilt. */
export const DEFAULT_SERIES_POINTS = 1000;
