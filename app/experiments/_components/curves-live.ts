"use client";

import { useEffect, useRef, useState } from "react";
import { applyLiveEvent, type CurveSeries } from "./curves-data";

/** Points that arrived over SSE after the history was fetched, per run and metric. One
 *  EventSource per (runs, names, axis) set; its cursor is taken when it opens, and a replay after
 *  an automatic reconnect is harmless because merging keeps only steps beyond the last one. */
export function useLivePoints({
  runIds,
  names,
  x,
  after,
  enabled,
}: {
  runIds: string[];
  names: string[];
  x: string;
  after: Record<string, number>;
  enabled: boolean;
}) {
  const [extra, setExtra] = useState<CurveSeries[]>([]);
  const afterRef = useRef(after);
  afterRef.current = after;
  // Joined, so the stream reopens when the lists' contents change, not on every new array.
  const runList = runIds.join(",");
  const nameList = names.join(",");
  useEffect(() => {
    setExtra([]);
    if (!enabled || !runList || typeof EventSource === "undefined") return;
    const cursor = runList
      .split(",")
      .map((id) => `${id}:${afterRef.current[id] ?? -1}`)
      .join(",");
    const query = new URLSearchParams({ runIds: runList, names: nameList, x, after: cursor });
    const es = new EventSource(`/api/runs/stream?${query}`);
    const onPoints = (e: MessageEvent<string>) => {
      try {
        const ev = JSON.parse(e.data) as {
          runId: string;
          name: string;
          points: { x: number; y: number }[];
        };
        setExtra((prev) => applyLiveEvent(prev, ev));
      } catch {
        /* a malformed frame is skipped; the next one still applies */
      }
    };
    es.addEventListener("points", onPoints as EventListener);
    return () => {
      es.removeEventListener("points", onPoints as EventListener);
      es.close();
    };
  }, [runList, nameList, x, enabled]);
  return extra;
}
