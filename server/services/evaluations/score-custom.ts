import { createHash } from "node:crypto";
import { meanWithCi } from "@/evals";
import { type CustomScorer, customMetric } from "@/server/schemas/custom-scorers";
import type { CorpusScores, SampleScoreErrors } from "@/server/schemas/evaluations";
import { runScorers } from "@/trainers/local/score";

const ERROR_CHARS = 500;

/** What names a custom scorer's code: the suite stores it, and every score it gives carries it. */
export const scorerSha256 = (code: string) =>
  createHash("sha256").update(code, "utf8").digest("hex");

/**
 * Runs the suite's custom scorers on every sample through the worker (trainers/local/score.ts).
 * A sample a scorer failed on gets no score, only its reason in `errors`; the corpus score is the
 * mean of the samples that were scored (as returned: no clamping or scaling), with a bootstrap CI,
 * the count of the others, and the code's sha256 in its signature. A scorer that scored no sample
 * has no corpus score.
 */
export async function scoreCustom(
  scorers: CustomScorer[],
  samples: { prompt: string; output: string; reference: string }[],
) {
  const results = await runScorers(scorers, samples);
  const perSample = samples.map(() => ({
    scores: {} as Record<string, number>,
    errors: {} as SampleScoreErrors,
  }));
  const corpus: CorpusScores = {};
  for (const s of scorers) {
    const metric = customMetric(s.name);
    const own = results[s.name];
    if (own?.length !== samples.length)
      throw new Error(
        `the worker returned ${own?.length ?? 0} results of custom scorer ${s.name} for ${samples.length} samples`,
      );
    const scored: number[] = [];
    own.forEach((r, i) => {
      if ("score" in r) {
        perSample[i]!.scores[metric] = r.score;
        scored.push(r.score);
      } else perSample[i]!.errors[metric] = r.error.slice(0, ERROR_CHARS);
    });
    if (!scored.length) continue;
    // The hash of the code that ran, so the score names exactly what produced it.
    const c = meanWithCi(scored, 1000, 12345, `custom|sha256:${scorerSha256(s.code)}|scale:raw`);
    corpus[metric] = {
      score: c.score,
      ci: [c.score - c.ci, c.score + c.ci],
      signature: c.signature,
      errors: samples.length - scored.length,
    };
  }
  return { perSample, corpus };
}
