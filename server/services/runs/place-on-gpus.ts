import type { DeviceSelection, RunSpec } from "@/trainers/types";

/** A run that holds GPUs now (submitted or running on this machine), as a waiting run may see it. */
export type GpuHolder = { label: string; gpus: number[] };

/** The GPUs of this machine by index, or why they could not be listed. */
export type MachineGpus = { gpus: number[] } | { error: string };

export type Placement =
  | { kind: "cpu" }
  | { kind: "gpus"; gpus: number[] }
  | { kind: "wait"; reason: string }
  | { kind: "impossible"; error: string };

/**
 * Where a local run can train now. Pure: the caller reads the machine and the holders and acts
 * on the answer under one lock. A run takes the lowest free indices, and "auto" takes one GPU, so
 * a grid's runs spread over the GPUs and train side by side; a run that asks for more names them
 * or a count.
 */
export function placeOnGpus(
  spec: Pick<RunSpec, "device" | "devices">,
  machine: MachineGpus,
  held: GpuHolder[],
): Placement {
  const devices: DeviceSelection = spec.devices ?? "auto";
  if (spec.device === "cpu" || devices === "cpu") return { kind: "cpu" };
  if ("error" in machine)
    return devices === "auto"
      ? { kind: "cpu" } // as before GPU scheduling: the worker picks its own device
      : { kind: "wait", reason: `waiting for the list of GPUs: ${machine.error}` };
  const all = machine.gpus;
  if (all.length === 0) {
    if (devices === "auto") return { kind: "cpu" };
    return {
      kind: "impossible",
      error: `devices ${JSON.stringify(devices)} asks for GPUs, but python -m worker devices found none on this machine; set devices to "auto" or "cpu"`,
    };
  }
  const holder = new Map<number, GpuHolder>();
  for (const h of held) for (const g of h.gpus) if (all.includes(g)) holder.set(g, h);
  const free = all.filter((g) => !holder.has(g));
  const heldBy = (gpus: number[]) =>
    gpus
      .filter((g) => holder.has(g))
      .map((g) => `GPU ${g} (held by ${holder.get(g)!.label})`)
      .join(", ");

  if (Array.isArray(devices)) {
    const missing = devices.filter((g) => !all.includes(g));
    if (missing.length)
      return {
        kind: "impossible",
        error: `devices asks for GPU ${missing.join(", ")}, which this machine does not have; it has GPU ${all.join(", ")}`,
      };
    const busy = devices.filter((g) => holder.has(g));
    if (busy.length) return { kind: "wait", reason: `waiting for ${heldBy(busy)}` };
    return { kind: "gpus", gpus: [...devices].sort((a, b) => a - b) };
  }
  const count = devices === "auto" ? 1 : devices;
  if (count > all.length)
    return {
      kind: "impossible",
      error: `devices asks for ${count} GPUs, but this machine has ${all.length} (GPU ${all.join(", ")})`,
    };
  if (free.length >= count) return { kind: "gpus", gpus: free.slice(0, count) };
  const want = count === 1 ? "a free GPU" : `${count} free GPUs (${free.length} free now)`;
  return { kind: "wait", reason: `waiting for ${want}: ${heldBy(all)}` };
}

/** How a waiting run names a holder: its own project's runs by name and id, others not at all. */
export const holderLabel = (
  h: { runId: string; name: string; projectId: string },
  viewer: string,
) => (h.projectId === viewer ? `run "${h.name}" (${h.runId})` : "a run of another project");
