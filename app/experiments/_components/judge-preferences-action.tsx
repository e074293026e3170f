"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { errorMessage } from "@/app/_components/error-view";
import { useTRPC } from "@/app/_trpc/client";
import type { RouterOutputs } from "@/app/_trpc/types";
import type { JudgePreferenceExclusion } from "@/core/enums";

type Board = RouterOutputs["leaderboard"]["get"];
type Report = {
  pairs: number;
  qualified: number;
  excluded: Record<JudgePreferenceExclusion, number>;
};

const REASONS: Record<JudgePreferenceExclusion, string> = {
  tie: "tie",
  flip: "flipped with the order",
  unparsed: "unparsed",
  incomplete: "judged in one order only",
};

const outcome = (r: Report) => {
  const left = (Object.entries(r.excluded) as [JudgePreferenceExclusion, number][])
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${REASONS[reason]}`);
  return `${r.qualified} of ${r.pairs} samples agree in both orders${left.length ? `; left out: ${left.join(", ")}` : ""}.`;
};

/** Per pairwise judge: a run's samples whose two orders name the same winner (against the
 *  judge's reference run) become a preference dataset for DPO runs. */
export function JudgePreferencesAction({ board }: { board: Board }) {
  if (board.judges.length === 0) return null;
  return (
    <div style={{ padding: "8px 14px" }} data-testid="judge-preferences">
      {board.judges.map((j) => (
        <JudgeRow key={j.judgeId} board={board} judge={j} />
      ))}
    </div>
  );
}

function JudgeRow({ board, judge }: { board: Board; judge: Board["judges"][number] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const judged = board.rows.filter(
    (r) => r.runId !== judge.againstRunId && r.judges.some((c) => c.judgeId === judge.judgeId),
  );
  const [runId, setRunId] = useState(judged[0]?.runId ?? "");
  const make = useMutation(
    trpc.judges.toPreferenceDataset.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.datasets.list.queryKey() }),
    }),
  );
  if (judged.length === 0) return null;
  const refused = make.error?.data?.details as Report | undefined;
  return (
    <div className="row small" style={{ alignItems: "center", gap: 8 }}>
      <span>
        Preference data from judge {judge.name} (v{judge.version}):
      </span>
      <select
        className="input"
        style={{ maxWidth: 220 }}
        aria-label={`Run judged by ${judge.name}`}
        value={runId}
        onChange={(e) => setRunId(e.target.value)}
      >
        {judged.map((r) => (
          <option key={r.runId} value={r.runId}>
            {r.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn-sm"
        disabled={make.isPending || !runId}
        onClick={() =>
          make.mutate({ experimentId: board.experimentId, judgeId: judge.judgeId, runId })
        }
      >
        Make a preference dataset
      </button>
      {make.data && (
        <span role="status">
          {outcome(make.data)} {make.data.reused ? "Already stored as" : "Stored as"}{" "}
          <Link href="/datasets">{make.data.dataset.name}</Link>.
        </span>
      )}
      {make.error && (
        <span role="alert" style={{ color: "var(--err)" }}>
          {errorMessage(make.error)} {refused?.excluded && outcome(refused)}
        </span>
      )}
    </div>
  );
}
