export { leaderboardChanged, VOTE_REFRESH_DELAY_MS } from "./board-state";
export { getLeaderboard } from "./get-leaderboard";
export type { LeaderboardRow } from "./leaderboard-row";
export { refreshLeaderboard } from "./refresh-leaderboard";
export { closeStatsThread } from "./stats-thread-pool";
