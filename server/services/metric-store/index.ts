export { packFloat64, packInt32, unpackFloat64, unpackInt32 } from "./codec";
export type { RepeatPolicy } from "./merge";
export {
  type Chunk,
  type PackedChunkRow,
  packedColumns,
  readSeriesChunks,
  unpackChunk,
} from "./read-chunks";
export {
  CHUNK_STEPS,
  chunkOf,
  type StoredPoint,
  type StoreResult,
  storePoints,
} from "./store-points";
