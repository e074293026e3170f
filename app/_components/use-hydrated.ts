"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** False during server rendering and hydration, true once React owns the page. Forms mark
 *  themselves with it (data-ready) so input typed before hydration is never silently dropped:
 *  the submit button stays disabled until then, and browser tests wait for the mark. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
