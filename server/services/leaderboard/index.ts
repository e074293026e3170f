export { getLeaderboard, type LeaderboardRow } from "./get-leaderboard";
export { pairedPValue } from "./compare-runs";
