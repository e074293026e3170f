import { JudgeGame } from "@/app/_components/judge-game";
import { Badge } from "@/app/_components/ui";
import type { JudgeMode } from "@/core/enums";
import type { TryJudgeOut } from "@/server/schemas/judges";

const WINNER = { x: "answer A wins", y: "answer B wins", tie: "tie" } as const;

/** One tried sample: the combined verdict, then each call (both orders for a pairwise judge). */
export function TryResult({
  index,
  mode,
  result,
}: {
  index: number;
  mode: JudgeMode;
  result: TryJudgeOut["samples"][number];
}) {
  return (
    <section
      className="stack"
      style={{ gap: 8, borderTop: "1px solid var(--border)", paddingTop: 10 }}
      aria-label={`Result ${index + 1}`}
      data-testid="try-result"
    >
      <div className="row">
        <strong>Sample {index + 1}</strong>
        {mode === "single" ? (
          result.score === null ? (
            <Badge tone="warn">no score (unparsed)</Badge>
          ) : (
            <Badge tone="accent">score {result.score.toFixed(1)} / 100</Badge>
          )
        ) : result.winner === null ? (
          <Badge tone="warn">no verdict (unparsed)</Badge>
        ) : (
          <>
            <Badge tone="accent">{WINNER[result.winner]}</Badge>
            {result.flipped && (
              <Badge tone="warn" title="The verdict changed with the order: counted as a tie">
                flipped with the order
              </Badge>
            )}
          </>
        )}
      </div>
      {result.games.map((g) => (
        <JudgeGame key={g.game} game={g} first="answer A" />
      ))}
    </section>
  );
}
