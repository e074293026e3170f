import "server-only";

import type { Metadata } from "next";
import { cache } from "react";
import { api } from "./server";

// Reads a page and its generateMetadata share: made once per request (React's cache).
export const experimentById = cache(async (experimentId: string) =>
  (await api()).experiments.get({ experimentId }),
);
export const runById = cache(async (runId: string) => (await api()).runs.get({ runId }));
export const campaignById = cache(async (campaignId: string) =>
  (await api()).reviews.get({ campaignId }),
);

/** A page's title from a read, or the layout's default when the caller may not make it (a
 *  reviewer, a wrong id): a title never says more than the page itself would show. */
export async function titled(read: () => Promise<string>): Promise<Metadata> {
  try {
    return { title: await read() };
  } catch {
    return {};
  }
}

export const runTitle = (run: { name: string; isBaseline: boolean }) =>
  run.isBaseline ? "Baseline (no adapter)" : run.name;
