import { describe, expect, it } from "vitest";
import { holderLabel, placeOnGpus } from "@/server/services/runs/place-on-gpus";

const four = { gpus: [0, 1, 2, 3] };
const a = { label: 'run "A" (ra)', gpus: [0, 1] };
const b = { label: 'run "B" (rb)', gpus: [3] };

describe("placeOnGpus", () => {
  it("gives specific GPUs when every one is free, and waits naming each holder otherwise", () => {
    expect(placeOnGpus({ device: "auto", devices: [2] }, four, [a, b])).toEqual({
      kind: "gpus",
      gpus: [2],
    });
    expect(placeOnGpus({ device: "auto", devices: [3, 1] }, four, [a, b])).toEqual({
      kind: "wait",
      reason: 'waiting for GPU 3 (held by run "B" (rb)), GPU 1 (held by run "A" (ra))',
    });
  });

  it("takes the lowest free GPUs for a count, and one for auto", () => {
    expect(placeOnGpus({ device: "auto", devices: 1 }, four, [a])).toEqual({
      kind: "gpus",
      gpus: [2],
    });
    expect(placeOnGpus({ device: "cuda", devices: "auto" }, four, [b])).toEqual({
      kind: "gpus",
      gpus: [0],
    });
    expect(placeOnGpus({ device: "auto" }, four, [])).toEqual({ kind: "gpus", gpus: [0] });
    expect(placeOnGpus({ device: "auto", devices: 2 }, four, [a, b])).toEqual({
      kind: "wait",
      reason:
        'waiting for 2 free GPUs (1 free now): GPU 0 (held by run "A" (ra)), GPU 1 (held by run "A" (ra)), GPU 3 (held by run "B" (rb))',
    });
    expect(
      placeOnGpus({ device: "auto", devices: "auto" }, { gpus: [0] }, [{ ...b, gpus: [0] }]),
    ).toEqual({ kind: "wait", reason: 'waiting for a free GPU: GPU 0 (held by run "B" (rb))' });
  });

  it("refuses what this machine can never give", () => {
    expect(placeOnGpus({ device: "auto", devices: 5 }, four, [])).toEqual({
      kind: "impossible",
      error: "devices asks for 5 GPUs, but this machine has 4 (GPU 0, 1, 2, 3)",
    });
    expect(placeOnGpus({ device: "auto", devices: [1, 7] }, four, [])).toMatchObject({
      kind: "impossible",
      error: expect.stringContaining("GPU 7, which this machine does not have"),
    });
    expect(placeOnGpus({ device: "auto", devices: [0] }, { gpus: [] }, [])).toMatchObject({
      kind: "impossible",
      error: expect.stringContaining("found none on this machine"),
    });
  });

  it("trains on the CPU when asked, or when auto finds no GPU", () => {
    expect(placeOnGpus({ device: "cpu", devices: "auto" }, four, [])).toEqual({ kind: "cpu" });
    expect(placeOnGpus({ device: "auto", devices: "cpu" }, four, [a])).toEqual({ kind: "cpu" });
    expect(placeOnGpus({ device: "auto", devices: "auto" }, { gpus: [] }, [])).toEqual({
      kind: "cpu",
    });
  });

  it("without a GPU list, auto falls back to the worker's own choice and explicit GPUs wait", () => {
    const unknown = { error: "python -m worker devices exited with code 2" };
    expect(placeOnGpus({ device: "auto", devices: "auto" }, unknown, [])).toEqual({ kind: "cpu" });
    expect(placeOnGpus({ device: "auto", devices: [0] }, unknown, [])).toEqual({
      kind: "wait",
      reason: "waiting for the list of GPUs: python -m worker devices exited with code 2",
    });
  });

  it("names a holder only to runs of its own project", () => {
    const holder = { runId: "r1", name: "lr 1e-4", projectId: "p1" };
    expect(holderLabel(holder, "p1")).toBe('run "lr 1e-4" (r1)');
    expect(holderLabel(holder, "p2")).toBe("a run of another project");
  });

  it("ignores claims on GPUs the machine no longer lists", () => {
    expect(
      placeOnGpus({ device: "auto", devices: 2 }, { gpus: [0, 1] }, [{ ...b, gpus: [7] }]),
    ).toEqual({ kind: "gpus", gpus: [0, 1] });
  });
});
