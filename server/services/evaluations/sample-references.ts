/** A sample's references: the one it trains on first, then the dataset line's other ones. */
export const sampleReferences = (s: {
  reference: string;
  extraReferences: string[] | null;
}): string[] => [s.reference, ...(s.extraReferences ?? [])];
