import { z } from "zod";
import { repoRoot, runWorkerCommand, workerEnv } from "./process";

// `python -m worker devices` prints one line, {"type": "devices", "devices": [...]}, listing the
// GPUs torch sees (an empty list on a machine without one). Importing torch and initialising CUDA
// takes seconds, and the GPUs of a machine do not change while the server runs, so the answer is
// kept for the life of the process; a failed listing is not kept, so the next call tries again.

const Gpu = z.object({
  index: z.number().int().min(0),
  name: z.string(),
  memory_bytes: z.number().min(0),
});
const DevicesLine = z.object({ type: z.literal("devices"), devices: z.array(Gpu) });

export type LocalGpu = { index: number; name: string; memoryBytes: number };

const LIST_TIMEOUT_MS = 120_000;
let cached: Promise<LocalGpu[]> | null = null;

/** The GPUs of this machine, as the worker sees them; throws with the worker's own words. */
export function listLocalGpus(): Promise<LocalGpu[]> {
  cached ??= runDevicesCommand().catch((e) => {
    cached = null;
    throw e;
  });
  return cached;
}

/** Tests that change the fake device list between cases start a fresh listing. */
export function forgetLocalGpus(): void {
  cached = null;
}

/** Parses the command's stdout: the last line of type "devices" wins; indices must be unique. */
export function parseDevicesOutput(stdout: string): LocalGpu[] {
  const line = stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("{") && l.includes('"devices"'))
    .at(-1);
  if (!line)
    throw new Error(`python -m worker devices printed no devices line: ${stdout.slice(0, 200)}`);
  const parsed = DevicesLine.safeParse(JSON.parse(line));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `python -m worker devices: bad devices line (${issue?.path.join(".")}: ${issue?.message}): ${line.slice(0, 200)}`,
    );
  }
  const gpus = parsed.data.devices.map((d) => ({
    index: d.index,
    name: d.name,
    memoryBytes: d.memory_bytes,
  }));
  if (new Set(gpus.map((g) => g.index)).size !== gpus.length)
    throw new Error(`python -m worker devices listed a GPU index twice: ${line.slice(0, 200)}`);
  return gpus.sort((a, b) => a.index - b.index);
}

async function runDevicesCommand(): Promise<LocalGpu[]> {
  return parseDevicesOutput(
    await runWorkerCommand(["devices"], {
      cwd: repoRoot,
      env: workerEnv(),
      limitMs: LIST_TIMEOUT_MS,
    }),
  );
}
