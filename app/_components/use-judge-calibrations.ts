import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import type { JudgeCalibration } from "@/server/schemas/judges";

/** `judgeId:version` of a judge version: how verdicts and the leaderboard's judges meet. */
export const judgeKey = (j: { judgeId: string; version: number }) => `${j.judgeId}:${j.version}`;

/** The stored agreement with people of each pairwise judge of a run's experiment, as the
 *  leaderboard's refresh keeps it (leaderboard.get's `judges`): read, never computed here. */
export function useJudgeCalibrations(runId: string): Map<string, JudgeCalibration> {
  const trpc = useTRPC();
  const run = useQuery(trpc.runs.get.queryOptions({ runId }));
  const experimentId = run.data?.experiment.id;
  const board = useQuery({
    ...trpc.leaderboard.get.queryOptions({ experimentId: experimentId ?? "" }),
    enabled: experimentId !== undefined,
  });
  const out = new Map<string, JudgeCalibration>();
  for (const j of board.data?.judges ?? []) if (j.calibration) out.set(judgeKey(j), j.calibration);
  return out;
}
