// Human-review results (pairwise and rubric campaigns) from the current votes: pure, data in,
// numbers out. server/services/reviews loads the votes and caches what this returns.
import { pairwiseResults } from "./review-pairwise";
import { rubricResults } from "./review-rubric";
import type { ResultsInput, ResultVote, ReviewResultsOut } from "./review-votes";

/**
 * Everything on the results page from the current votes. Ties and "both bad" count as half a win
 * each (as Chatbot Arena scores both kinds of tie). Score CIs resample items (a cluster bootstrap:
 * several votes on one item are not independent); Bradley–Terry CIs resample votes, as Arena does.
 */
export function reviewResults(input: ResultsInput): ReviewResultsOut {
  const rounds = input.rounds ?? 1000;
  const itemById = new Map(input.items.map((i) => [i.id, i]));
  const votesByItem = new Map<string, ResultVote[]>();
  for (const v of input.votes) {
    let list = votesByItem.get(v.itemId);
    if (!list) {
      list = [];
      votesByItem.set(v.itemId, list);
    }
    list.push(v);
  }
  const voted = [...votesByItem.entries()]
    .map(([itemId, votes]) => ({ item: itemById.get(itemId)!, votes }))
    .filter((x) => x.item);
  const nameOf = new Map(input.runs.map((r) => [r.id, r.name]));
  const base = {
    mode: input.mode,
    votes: input.votes.length,
    items: input.items.length,
    itemsVoted: voted.length,
  };
  if (input.mode === "pairwise") {
    return { ...base, ...pairwiseResults(input, voted, nameOf, rounds) };
  }
  return { ...base, ...rubricResults(input, voted, rounds) };
}
