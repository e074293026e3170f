import { Badge } from "@/app/_components/ui";
import type { JudgeGameOut } from "@/server/schemas/judges";

type Verdict = JudgeGameOut["verdict"];

/** A stored verdict as people read it: A / B / tie, a 1–10 rating, or each rubric criterion. */
export function verdictText(v: Verdict): string {
  if (v === null) return "none";
  if (v === "C") return "tie";
  if (typeof v === "string") return v;
  if (typeof v === "number") return `${v}/10`;
  return Object.entries(v)
    .map(([k, r]) => `${k} ${r}/10`)
    .join(", ");
}

/** Which order a pairwise game showed the two answers in, from the first answer's side. */
export const gameLabel = (game: number, first = "first answer") =>
  game === 0 ? "Rating" : game === 1 ? `${first} shown as A` : `${first} shown as B (swapped)`;

/** One judge call: its verdict (or "unparsed"), the judge's raw answer and, when given, the prompt
 *  it was sent, each collapsed until opened. */
export function JudgeGame({
  game,
  first,
}: {
  game: Pick<JudgeGameOut, "game" | "status" | "verdict" | "raw"> &
    Partial<Pick<JudgeGameOut, "messages" | "cached">>;
  first?: string;
}) {
  const unparsed = game.status === "unparsed";
  return (
    <div className="stack" style={{ gap: 4 }} data-game={game.game}>
      <div className="row small">
        <span className="muted">{gameLabel(game.game, first)}:</span>
        {unparsed ? (
          <Badge tone="warn">unparsed</Badge>
        ) : (
          <strong data-testid="verdict">{verdictText(game.verdict)}</strong>
        )}
        {game.cached && <Badge plain>cached</Badge>}
      </div>
      <details open={unparsed}>
        <summary className="small">
          {unparsed ? "Raw answer (no verdict found)" : "Rationale"}
        </summary>
        <pre className="sample-text small">{game.raw}</pre>
      </details>
      {game.messages && (
        <details>
          <summary className="small">Rendered prompt</summary>
          {game.messages.map((m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: messages are in conversation order
            <div key={i} className="stack" style={{ gap: 2 }}>
              <span className="label">{m.role}</span>
              <pre className="sample-text small">{m.content}</pre>
            </div>
          ))}
        </details>
      )}
    </div>
  );
}
