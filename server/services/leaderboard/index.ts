export { pairedPValue } from "./compare-runs";
export { getLeaderboard, type LeaderboardRow } from "./get-leaderboard";
