import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listLocalDevices } from "@/server/services/experiments";
import { forgetLocalGpus } from "@/trainers/local/devices";

// What the new-experiment form shows: the worker's GPU list, none, or why there is no list.
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  forgetLocalGpus();
});

describe("listLocalDevices", () => {
  it("lists the worker's GPUs, and none on a machine without one", async () => {
    process.env.TUNEBENCH_PYTHON = path.resolve("tests/trainers/local/fake-python.sh");
    process.env.FAKE_GPUS = '[{"index": 0, "name": "NVIDIA L4", "memory_bytes": 23034593280}]';
    expect(await listLocalDevices()).toEqual({
      gpus: [{ index: 0, name: "NVIDIA L4", memoryBytes: 23034593280 }],
      error: null,
    });
    forgetLocalGpus();
    process.env.FAKE_GPUS = "[]";
    expect(await listLocalDevices()).toEqual({ gpus: [], error: null });
  });

  it("says why when the worker cannot list them", async () => {
    process.env.TUNEBENCH_PYTHON = "/nonexistent/python";
    expect(await listLocalDevices()).toEqual({
      gpus: [],
      error: expect.stringContaining("could not run /nonexistent/python -m worker devices"),
    });
  });
});
