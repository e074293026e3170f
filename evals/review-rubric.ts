import { cohenKappa, krippendorffAlpha } from "./agreement";
import { clusterBootstrap } from "./cluster-bootstrap";
import {
  type AgreementFigure,
  agreementReading,
  type ModeResults,
  mean,
  type ResultsInput,
  type ResultVote,
  type Voted,
} from "./review-votes";

/** Rubric results: per-run mean criterion scores (or pass rates) with item-cluster CIs,
 *  Krippendorff's α per criterion, and pass/fail against the automatic judge. */
export function rubricResults(input: ResultsInput, voted: Voted[], rounds: number): ModeResults {
  const criteria = input.rubric?.criteria ?? [];
  const passFail = input.rubric?.passFail ?? false;
  // Per item: mean over its reviewers of the mean criterion score (1-5), and the pass rate.
  const itemScore = ({ votes }: Voted) =>
    mean(
      votes
        .map((v) =>
          mean(
            criteria
              .map((c) => v.scores?.[c.key])
              .filter((x): x is number => typeof x === "number"),
          ),
        )
        .filter((x): x is number => x !== null),
    );
  const itemPass = ({ votes }: Voted) =>
    mean(votes.filter((v) => v.pass !== null).map((v) => (v.pass ? 100 : 0)));
  const stat = (f: (v: Voted) => number | null) => (sample: Voted[]) =>
    mean(sample.map(f).filter((x): x is number => x !== null));
  const headline = criteria.length ? itemScore : itemPass;
  const perRun = input.runs.map((r, i) => {
    const mine = voted.filter(({ item }) => item.runA === r.id);
    return {
      runId: r.id,
      runName: r.name,
      score: stat(headline)(mine),
      ci: clusterBootstrap(mine, stat(headline), rounds, input.seed + i),
      n: mine.length,
      passRate: passFail ? stat(itemPass)(mine) : null,
      criteria: criteria.map((c) => ({
        key: c.key,
        label: c.label,
        score: stat(({ votes }) =>
          mean(
            votes.map((v) => v.scores?.[c.key]).filter((x): x is number => typeof x === "number"),
          ),
        )(mine),
      })),
    };
  });
  // Krippendorff's α: rows are reviewers, columns are items, missing where a reviewer did not rate.
  const reviewers = [...new Set(input.votes.map((v) => v.reviewerId))];
  const matrix = (value: (v: ResultVote) => number | null) =>
    reviewers.map((rid) =>
      voted.map(({ votes }) => {
        const v = votes.find((x) => x.reviewerId === rid);
        return v ? value(v) : null;
      }),
    );
  const pairable = voted.filter(({ votes }) => votes.length >= 2).length;
  const agreement: AgreementFigure[] = [];
  if (reviewers.length >= 2 && pairable > 0) {
    for (const c of criteria) {
      const value = krippendorffAlpha(
        matrix((v) => v.scores?.[c.key] ?? null),
        "ordinal",
        { domain: [1, 2, 3, 4, 5] },
      );
      agreement.push({
        metric: "krippendorff_alpha",
        subject: c.key,
        value,
        reading: agreementReading(value),
        n: pairable,
      });
    }
    if (passFail) {
      const value = krippendorffAlpha(
        matrix((v) => (v.pass === null ? null : v.pass ? 1 : 0)),
        "nominal",
      );
      agreement.push({
        metric: "krippendorff_alpha",
        subject: "pass",
        value,
        reading: agreementReading(value),
        n: pairable,
      });
    }
  }
  return {
    perRun,
    winMatrix: { runIds: [], names: [], wins: [], n: [] },
    bradleyTerry: [],
    btRounds: 0,
    agreement,
    positionBias: { aWinRate: null, n: 0, pValue: null },
    judgeAgreement: passFail ? judgeRubric(voted, input.judge) : null,
  };
}

/** Rubric with pass/fail: the judge passes an output whose primary-metric score is ≥ 50. */
function judgeRubric(voted: Voted[], judge: ResultsInput["judge"]) {
  const human: boolean[] = [],
    auto: boolean[] = [];
  for (const { item, votes } of voted) {
    const s = judge.get(item.runA)?.get(item.sampleIdx);
    if (s === null || s === undefined) continue;
    for (const v of votes) {
      if (v.pass === null) continue;
      human.push(v.pass);
      auto.push(s >= 50);
    }
  }
  if (human.length === 0) return null;
  const value = cohenKappa(human.map(String), auto.map(String), { labels: ["false", "true"] });
  return {
    metric: "cohen_kappa" as const,
    value,
    reading: agreementReading(value),
    n: human.length,
    rawAgreement: human.filter((h, i) => h === auto[i]).length / human.length,
  };
}
