import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { forgetLocalGpus, listLocalGpus, parseDevicesOutput } from "@/trainers/local/devices";
import { visibleDevices, workerCommand } from "@/trainers/local/process";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  forgetLocalGpus();
});

describe("local GPU list", () => {
  it("runs `python -m worker devices` once and keeps the answer for the process", async () => {
    process.env.TUNEBENCH_PYTHON = path.resolve("tests/trainers/local/fake-python.sh");
    process.env.FAKE_GPUS = JSON.stringify([
      { index: 1, name: "NVIDIA H100 80GB HBM3", memory_bytes: 85_520_809_984 },
      { index: 0, name: "NVIDIA H100 80GB HBM3", memory_bytes: 85_520_809_984 },
    ]);
    const gpus = await listLocalGpus();
    expect(gpus).toEqual([
      { index: 0, name: "NVIDIA H100 80GB HBM3", memoryBytes: 85_520_809_984 },
      { index: 1, name: "NVIDIA H100 80GB HBM3", memoryBytes: 85_520_809_984 },
    ]);
    process.env.FAKE_GPUS = "[]";
    expect(await listLocalGpus()).toEqual(gpus);
    forgetLocalGpus();
    expect(await listLocalGpus()).toEqual([]);
  });

  it("reports a worker that cannot list, and tries again next time", async () => {
    process.env.TUNEBENCH_PYTHON = path.resolve("tests/trainers/local/no-such-python");
    await expect(listLocalGpus()).rejects.toThrow(
      /could not run .*no-such-python -m worker devices/,
    );
    process.env.TUNEBENCH_PYTHON = path.resolve("tests/trainers/local/fake-python.sh");
    expect(await listLocalGpus()).toEqual([]);
  });

  it("refuses a devices line that is not what the protocol says", () => {
    expect(() => parseDevicesOutput("")).toThrow(/printed no devices line/);
    expect(() =>
      parseDevicesOutput(
        '{"type": "devices", "devices": [{"index": -1, "name": "x", "memory_bytes": 1}]}',
      ),
    ).toThrow(/bad devices line \(devices\.0\.index/);
    const twice = '{"index": 0, "name": "x", "memory_bytes": 1}';
    expect(() =>
      parseDevicesOutput(`{"type": "devices", "devices": [${twice}, ${twice}]}`),
    ).toThrow(/listed a GPU index twice/);
  });
});

describe("launching on GPUs", () => {
  it("maps indices through the server's own CUDA_VISIBLE_DEVICES", () => {
    expect(visibleDevices([0, 2], undefined)).toBe("0,2");
    expect(visibleDevices([0, 2], "")).toBe("0,2");
    expect(visibleDevices([0, 2], "4,5,6")).toBe("4,6");
    expect(visibleDevices([1], "GPU-aaaa, GPU-bbbb")).toBe("GPU-bbbb");
    expect(() => visibleDevices([3], "4,5")).toThrow(/GPU 3 is not among CUDA_VISIBLE_DEVICES=4,5/);
  });

  it("uses torchrun only for more than one GPU", () => {
    const args = ["train", "--spec", "s.json", "--out", "d"];
    expect(workerCommand(args, null)).toEqual(["-m", "worker", ...args]);
    expect(workerCommand(args, [3])).toEqual(["-m", "worker", ...args]);
    expect(workerCommand(args, [0, 1, 2])).toEqual([
      "-m",
      "torch.distributed.run",
      "--standalone",
      "--nproc-per-node",
      "3",
      "-m",
      "worker",
      ...args,
    ]);
  });
});
