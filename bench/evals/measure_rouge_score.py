"""Child process of bench/evals/rouge.ts: scores the summaries with rouge-score 0.1.2."""

import json
import resource
import sys
import time

from rouge_score import rouge_scorer

flag, source, target = sys.argv[1:]
with open(source, encoding="utf-8") as f:
    data = json.load(f)
types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
scorer = rouge_scorer.RougeScorer(types, use_stemmer=flag == "stem")
pairs = zip(data["predictions"], data["references"], strict=True)
t0, c0 = time.perf_counter(), time.process_time()
results = [scorer.score_multi(refs, p) for p, refs in pairs]
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
scores = [[x for t in types for x in (r[t].precision, r[t].recall, r[t].fmeasure)] for r in results]
with open(target, "w") as f:
    json.dump(scores, f)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "maxRssMb": rss}))
