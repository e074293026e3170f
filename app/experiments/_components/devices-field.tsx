"use client";

import { useQuery } from "@tanstack/react-query";
import { fmtBytes } from "@/app/_components/format";
import { useTRPC } from "@/app/_trpc/client";
import { DevicesSetting } from "@/server/schemas/experiments";

/** The form's devices choice: a mode, plus the count or the index list typed for it. */
export type DevicesText = { mode: "auto" | "cpu" | "count" | "list"; count: string; list: string };

export const DEFAULT_DEVICES: DevicesText = { mode: "auto", count: "2", list: "0, 1" };

/** The choice → the training setting the server accepts, or the problem as a sentence. */
export function toDevicesSetting(text: DevicesText): {
  value: DevicesSetting | null;
  error: string | null;
} {
  const tokens = text.list.split(/[,\s]+/).filter(Boolean);
  const bad = tokens.find((t) => !/^\d+$/.test(t));
  if (text.mode === "list" && bad !== undefined)
    return { value: null, error: `Devices: "${bad}" is not a GPU index (0, 1, …)` };
  const raw =
    text.mode === "count"
      ? Number(text.count.trim() || Number.NaN)
      : text.mode === "list"
        ? tokens.map(Number)
        : text.mode;
  const parsed = DevicesSetting.safeParse(raw);
  if (parsed.success) return { value: parsed.data, error: null };
  return { value: null, error: `Devices: ${parsed.error.issues[0]?.message ?? "not valid"}` };
}

export function DevicesField({
  value,
  onChange,
}: {
  value: DevicesText;
  onChange: (v: DevicesText) => void;
}) {
  const trpc = useTRPC();
  // The server lists the GPUs once per process; the answer does not change while the page is open.
  const machine = useQuery({
    ...trpc.experiments.localDevices.queryOptions(),
    staleTime: Infinity,
  });
  const { error } = toDevicesSetting(value);
  return (
    <div className="stack">
      <div className="grid-3">
        <div className="field">
          <label htmlFor="devices-mode">Devices per run</label>
          <select
            id="devices-mode"
            className="select"
            value={value.mode}
            onChange={(e) => onChange({ ...value, mode: e.target.value as DevicesText["mode"] })}
          >
            <option value="auto">Auto: one free GPU (CPU if none)</option>
            <option value="count">A number of GPUs</option>
            <option value="list">Specific GPUs</option>
            <option value="cpu">CPU only</option>
          </select>
        </div>
        {value.mode === "count" && (
          <div className="field">
            <label htmlFor="devices-count">GPUs</label>
            <input
              id="devices-count"
              className="input"
              type="number"
              min={1}
              value={value.count}
              aria-invalid={!!error}
              onChange={(e) => onChange({ ...value, count: e.target.value })}
            />
          </div>
        )}
        {value.mode === "list" && (
          <div className="field">
            <label htmlFor="devices-list">GPU indices</label>
            <input
              id="devices-list"
              className="input mono"
              value={value.list}
              aria-invalid={!!error}
              placeholder="0, 1"
              onChange={(e) => onChange({ ...value, list: e.target.value })}
            />
          </div>
        )}
      </div>
      <span className="hint" style={error ? { color: "var(--err)" } : undefined}>
        {error ??
          "More than one GPU trains one run under torchrun; runs on different GPUs train at the same time, and a run waits while its GPUs are busy."}
      </span>
      <div className="muted small" data-testid="local-gpus">
        {machine.isPending
          ? "Looking for GPUs on this machine…"
          : machine.error
            ? `Could not ask the server for its GPUs: ${machine.error.message}`
            : machine.data.error
              ? `Could not list this machine's GPUs: ${machine.data.error}`
              : machine.data.gpus.length === 0
                ? "No GPU on this machine: local runs train on the CPU."
                : `This machine: ${machine.data.gpus.map((g) => `GPU ${g.index} ${g.name} (${fmtBytes(g.memoryBytes)})`).join(" · ")}`}
      </div>
    </div>
  );
}
