import { z } from "zod";

// Ranges shared by number inputs. Integers that reach an int4 column (steps, seeds) stop at its
// maximum; times stay within years a run can have; offsets stay within what a page can be.

export const INT4_MAX = 2_147_483_647;
/** 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z, in seconds since the epoch. */
export const EARLIEST_TIME_S = 946_684_800;
export const LATEST_TIME_S = 4_102_444_800;
export const MAX_OFFSET = 10_000_000;

/** A whole number from `min` to `max`, with messages that name the field. */
export const boundedInt = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max.toLocaleString("en-US")}`);

/** A training step, a checkpoint step or a step cursor. */
export const Step = boundedInt("step", 0, INT4_MAX);
/** A random seed (the worker and PyTorch take any int32). */
export const Seed = boundedInt("seed", 0, INT4_MAX);
/** How many rows to skip when paging. */
export const Offset = boundedInt("offset", 0, MAX_OFFSET);

/** Seconds since the epoch, within years 2000–2100. */
export const EpochSeconds = z
  .number()
  .min(EARLIEST_TIME_S, "time must be in the year 2000 or later (seconds since the epoch)")
  .max(LATEST_TIME_S, "time must be before the year 2100 (seconds since the epoch)");

/** An ISO 8601 date-time with an offset, within years 2000–2100. */
export const IsoTime = z.iso.datetime({ offset: true }).refine((s) => {
  const t = Date.parse(s) / 1000;
  return t >= EARLIEST_TIME_S && t < LATEST_TIME_S;
}, "time must be between the years 2000 and 2100");
