import type { StoredPoint } from "./store-points";

/** Which point keeps a step that is logged again: the first stored (replays change nothing), or
 *  the one with the latest timestamp, the later logged on a tie (MLflow's appending API). */
export type RepeatPolicy = "first" | "latest";

export type Columns = {
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  times: ArrayLike<number>;
};

const same = (a: StoredPoint, b: StoredPoint) => a.value === b.value && a.time === b.time;

/**
 * A chunk's new points sorted by step, one per step as `policy` picks; the points that lost their
 * step go to `displaced` (exact repeats of the kept point are dropped). A batch already in strictly
 * increasing step order, as trainers send, is returned as it is.
 */
export function onePerStep(
  points: StoredPoint[],
  policy: RepeatPolicy,
  displaced: StoredPoint[],
): StoredPoint[] {
  let sorted = true;
  for (let i = 1; i < points.length && sorted; i++) sorted = points[i - 1]!.step < points[i]!.step;
  if (sorted) return points;
  // Stable sorts: among equal keys the batch order stays.
  if (policy === "first") {
    points.sort((a, b) => a.step - b.step);
    return points.filter((p, i) => i === 0 || p.step !== points[i - 1]!.step);
  }
  points.sort((a, b) => a.step - b.step || a.time - b.time);
  const kept: StoredPoint[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const next = points[i + 1];
    if (next?.step !== p.step) {
      kept.push(p);
      continue;
    }
    // Every earlier point of the step sits before the last one, which is kept.
    let last = i + 1;
    while (points[last + 1]?.step === p.step) last++;
    for (let j = i; j < last; j++) if (!same(points[j]!, points[last]!)) displaced.push(points[j]!);
    kept.push(points[last]!);
    i = last;
  }
  return kept;
}

/**
 * Stored columns plus new points (sorted, one per step): the merged columns, the steps that were
 * new, and the steps whose stored point was replaced (policy "latest"). A point that does not take
 * its step goes to `displaced`, except an exact repeat (same value and time) of the stored one.
 */
export function merge(
  stored: Columns | undefined,
  incoming: StoredPoint[],
  policy: RepeatPolicy,
  displaced: StoredPoint[],
): { columns: Columns; added: number[]; replaced: number[] } {
  if (!stored)
    return {
      columns: {
        steps: incoming.map((p) => p.step),
        values: incoming.map((p) => p.value),
        times: incoming.map((p) => p.time),
      },
      added: incoming.map((p) => p.step),
      replaced: [],
    };
  const steps: number[] = [],
    values: number[] = [],
    times: number[] = [],
    added: number[] = [],
    replaced: number[] = [];
  let i = 0,
    j = 0;
  while (i < stored.steps.length || j < incoming.length) {
    const p = incoming[j];
    if (i < stored.steps.length && (!p || stored.steps[i]! <= p.step)) {
      if (p && stored.steps[i] === p.step) {
        j++;
        const old = {
          name: p.name,
          step: p.step,
          value: stored.values[i]!,
          time: stored.times[i]!,
        };
        if (policy === "latest" && !same(old, p)) {
          if (p.time >= old.time) {
            steps.push(p.step);
            values.push(p.value);
            times.push(p.time);
            displaced.push(old);
            replaced.push(p.step);
            i++;
            continue;
          }
          displaced.push(p);
        }
      }
      steps.push(stored.steps[i]!);
      values.push(stored.values[i]!);
      times.push(stored.times[i]!);
      i++;
    } else if (p) {
      steps.push(p.step);
      values.push(p.value);
      times.push(p.time);
      added.push(p.step);
      j++;
    }
  }
  return { columns: { steps, values, times }, added, replaced };
}
