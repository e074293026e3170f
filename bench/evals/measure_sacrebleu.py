"""Child process of bench/evals/run.ts: scores the files with the sacreBLEU Python API."""

import json
import resource
import sys
import time

import sacrebleu

metric, hyp, *refs = sys.argv[1:]


def read(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        return [line.rstrip() for line in f]


hyps, streams = read(hyp), [read(r) for r in refs]
t0, c0 = time.perf_counter(), time.process_time()
score = (sacrebleu.corpus_bleu if metric == "bleu" else sacrebleu.corpus_chrf)(hyps, streams).score
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
print(
    json.dumps(
        {
            "score": score,
            "seconds": seconds,
            "cpuSeconds": cpu,
            "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )
)
