import Link from "next/link";
import { fmtNumber } from "@/app/_components/format";
import { Badge, type Tone } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_trpc/types";

type Board = RouterOutputs["leaderboard"]["get"];
type Row = Board["rows"][number];

/** Human review on the leaderboard, from the experiment's latest campaign with votes: the human
 *  score with its 95% interval, the Bradley–Terry rating and rank (pairwise), and a note below
 *  with the reviewers' agreement, so a ranking by people is read with its reliability. While
 *  votes that came in since are being counted, the last values are shown greyed. */

const greyedWhile = (updating: boolean) => (updating ? { opacity: 0.55 } : undefined);

export function HumanReviewHead({ board }: { board: Board }) {
  if (!board.review) return null;
  return (
    <>
      <th
        className="num"
        title={
          board.review.mode === "pairwise"
            ? "Human win rate (%), blind pairwise"
            : "Human rubric score (1–5)"
        }
      >
        Human
      </th>
      {board.review.mode === "pairwise" && (
        <th className="num" title="Bradley–Terry rating from the human votes">
          BT rating
        </th>
      )}
    </>
  );
}

export function HumanReviewCells({ board, row }: { board: Board; row: Row }) {
  if (!board.review) return null;
  const h = row.human;
  const pct = board.review.mode === "pairwise";
  const fmt = (v: number | null | undefined) =>
    v == null ? "—" : pct ? `${fmtNumber(v, 0)}%` : fmtNumber(v, 2);
  return (
    <>
      <td className="num" data-testid="human-score" style={greyedWhile(board.reviewUpdating)}>
        {h?.score != null ? (
          <>
            <strong>{fmt(h.score)}</strong>
            {h.ci && (
              <div className="faint small mono">
                {fmt(h.ci[0])} – {fmt(h.ci[1])}
              </div>
            )}
          </>
        ) : (
          <span className="faint">—</span>
        )}
      </td>
      {pct && (
        <td className="num" data-testid="human-bt" style={greyedWhile(board.reviewUpdating)}>
          {h?.btRating != null ? (
            <>
              <strong>{fmtNumber(h.btRating, 0)}</strong>
              {h.btRank != null && <span className="faint small"> #{h.btRank}</span>}
              {h.btCi && (
                <div className="faint small mono">
                  {fmtNumber(h.btCi[0], 0)} – {fmtNumber(h.btCi[1], 0)}
                </div>
              )}
            </>
          ) : (
            <span className="faint">—</span>
          )}
        </td>
      )}
    </>
  );
}

const TONE: Record<string, Tone> = { reliable: "ok", tentative: "warn", unreliable: "err" };

export function HumanReviewNote({ board }: { board: Board }) {
  const review = board.review;
  if (!review) return null;
  const main = review.agreement[0];
  return (
    <p
      className="faint small"
      style={{ padding: "0 14px 8px", margin: 0 }}
      data-testid="human-review-note"
    >
      Human columns:{" "}
      <Link href={`/experiments/${board.experimentId}/reviews/${review.campaignId}`}>
        {review.name}
      </Link>{" "}
      ({review.votes} votes
      {review.mode === "pairwise" ? ", blind pairwise; win rate with ties as half" : ", rubric 1–5"}
      ).{" "}
      {main ? (
        <>
          Agreement {fmtNumber(main.value, 2)}{" "}
          {main.reading && (
            <Badge tone={TONE[main.reading]} plain>
              {main.reading}
            </Badge>
          )}
        </>
      ) : (
        "Agreement: no item has two votes yet."
      )}
      {review.judgeAgreement && (
        <> · humans vs automatic metric κ = {fmtNumber(review.judgeAgreement.value, 2)}</>
      )}
      {board.reviewUpdating && <> · counting new votes…</>}
    </p>
  );
}
