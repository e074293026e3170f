import { listLocalGpus } from "@/trainers/local/devices";

/**
 * The GPUs a local run can ask for, as the new-experiment form shows them. The worker lists them
 * once per server process; a listing that failed comes back as its error, so the form can say why
 * instead of claiming the machine has no GPU.
 */
export async function listLocalDevices() {
  try {
    return { gpus: await listLocalGpus(), error: null };
  } catch (e) {
    return { gpus: [], error: (e as Error).message };
  }
}
