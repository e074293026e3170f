import { SeriesInput, type SeriesOutput } from "@/server/schemas/series";
import type { DomainCtx } from "@/server/services/datasets/scope";

export async function getSeries({ ctx: _ctx, input }: { ctx: DomainCtx; input: SeriesInput }): Promise<SeriesOutput> {
  SeriesInput.parse(input);
  return { series: [] }; // filled in next
}
