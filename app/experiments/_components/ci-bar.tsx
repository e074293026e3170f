/** A score with its 95% interval drawn on a shared [lo, hi] scale so rows compare by eye. */
export function CiBar({
  score,
  ci,
  domain,
}: {
  score: number;
  ci: [number, number] | null | undefined;
  domain: [number, number];
}) {
  const [d0, d1] = domain;
  const span = d1 - d0 || 1;
  const pos = (v: number) => `${Math.max(0, Math.min(100, ((v - d0) / span) * 100))}%`;
  return (
    <div
      className="ci-bar"
      title={ci ? `95% CI ${ci[0].toFixed(1)} – ${ci[1].toFixed(1)}` : undefined}
    >
      {ci && (
        <div
          className="range"
          style={{ left: pos(ci[0]), width: `calc(${pos(ci[1])} - ${pos(ci[0])})` }}
        />
      )}
      <div className="point" style={{ left: pos(score) }} />
    </div>
  );
}
