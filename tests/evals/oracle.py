"""Batch oracle for the evals tests: reads a JSON list of cases on stdin, answers each with the
reference implementation (sacreBLEU 2.6.0, rouge-score 0.1.2 with nltk's Porter stemmer, numpy,
krippendorff, scikit-learn, statsmodels, and FastChat's compute_mle_elo reproduced with
scikit-learn), writes a JSON list on stdout.
One process per test file keeps the suite fast."""

import json
import math
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")


def f(x):
    return None if x is None else float(x)


def bleu_obj(opts, refs=None, sentence=False):
    from sacrebleu.metrics import BLEU

    kw = dict(
        tokenize=opts.get("tokenize", "13a"),
        lowercase=opts.get("lowercase", False),
        smooth_method=opts.get("smoothMethod", "exp"),
        smooth_value=opts.get("smoothValue"),
        max_ngram_order=opts.get("maxNgramOrder", 4),
        effective_order=opts.get("effectiveOrder", sentence),
    )
    return BLEU(references=refs, **kw)


def chrf_obj(opts, refs=None):
    from sacrebleu.metrics import CHRF

    return CHRF(
        char_order=opts.get("charOrder", 6),
        word_order=opts.get("wordOrder", 0),
        beta=opts.get("beta", 2),
        lowercase=opts.get("lowercase", False),
        whitespace=opts.get("whitespace", False),
        eps_smoothing=opts.get("epsSmoothing", False),
        references=refs,
    )


def bleu_out(s, m):
    return {
        "score": s.score,
        "counts": [float(x) for x in s.counts],
        "totals": [float(x) for x in s.totals],
        "precisions": [float(x) for x in s.precisions],
        "bp": s.bp,
        "sysLen": s.sys_len,
        "refLen": s.ref_len,
        "signature": str(m.get_signature()),
    }


def run(case):
    k = case["kind"]
    if k == "bleu":
        m = bleu_obj(case["opts"])
        return bleu_out(m.corpus_score(case["hyps"], case["refs"]), m)
    if k == "sentence_bleu":
        m = bleu_obj(case["opts"], sentence=True)
        return bleu_out(m.sentence_score(case["hyp"], case["refs"]), m)
    if k == "chrf":
        m = chrf_obj(case["opts"])
        s = m.corpus_score(case["hyps"], case["refs"])
        return {"score": float(s.score), "name": s.name, "signature": str(m.get_signature())}
    if k == "tokenize":
        from sacrebleu.metrics.bleu import _get_tokenizer

        return _get_tokenizer(case["tok"])()(case["text"])
    if k == "bootstrap":
        os.environ["SACREBLEU_SEED"] = str(case["seed"])
        m = bleu_obj(case["opts"]) if case["metric"] == "bleu" else chrf_obj(case["opts"])
        s = m.corpus_score(case["hyps"], case["refs"], n_bootstrap=case["n"])
        return {
            "score": float(s.score),
            "mean": float(s._mean),
            "ci": float(s._ci),
            "signature": str(m.get_signature()),
        }
    if k == "paired":
        from sacrebleu.significance import PairedTest

        os.environ["SACREBLEU_SEED"] = str(case["seed"])
        m = (
            bleu_obj(case["opts"], case["refs"])
            if case["metric"] == "bleu"
            else chrf_obj(case["opts"], case["refs"])
        )
        ps = PairedTest(
            [("bl", case["bl"]), ("sys", case["sys"])],
            {"M": m},
            references=None,
            test_type=case["test"],
            n_samples=case["n"],
        )
        sigs, scores = ps()
        name = [x for x in scores if x != "System"][0]
        b, s = scores[name]
        return {
            "baselineScore": f(b.score),
            "systemScore": f(s.score),
            "pValue": f(s.p_value),
            "baselineMean": f(b.mean),
            "baselineCi": f(b.ci),
            "systemMean": f(s.mean),
            "systemCi": f(s.ci),
            "signature": str(sigs[name]),
        }
    if k == "rng_choice":
        g = np.random.default_rng(case["seed"])
        return g.choice(case["n"], size=case["size"], replace=True).tolist()
    if k == "rng_bool":
        g = np.random.default_rng(case["seed"])
        return g.integers(2, size=case["size"], dtype=bool).astype(int).tolist()
    if k == "rng_state":
        g = np.random.default_rng(case["seed"])
        return [str(g.bit_generator.state["state"]["state"]), str(g.bit_generator.random_raw())]
    if k == "kripp":
        import krippendorff

        data = np.array(
            [[np.nan if v is None else v for v in row] for row in case["data"]], dtype=float
        )
        try:
            return float(
                krippendorff.alpha(reliability_data=data, level_of_measurement=case["level"])
            )
        except Exception as e:  # undefined alpha
            return {"error": str(e)}
    if k == "cohen":
        from sklearn.metrics import cohen_kappa_score

        v = cohen_kappa_score(
            case["a"], case["b"], weights=case.get("weights"), labels=case.get("labels")
        )
        return None if math.isnan(v) else float(v)
    if k == "fleiss":
        from statsmodels.stats.inter_rater import fleiss_kappa

        return float(fleiss_kappa(np.array(case["table"])))
    if k == "bt":
        return compute_mle_elo(case["battles"])
    if k == "rouge":
        s = rouge_scorer_for(case["opts"]).score_multi(case["refs"], case["pred"])
        return {t: [s[t].precision, s[t].recall, s[t].fmeasure] for t in case["opts"]["types"]}
    if k == "rouge_tokenize":
        return rouge_tokenizer(case["opts"]).tokenize(case["text"])
    if k == "porter":
        from nltk.stem.porter import PorterStemmer

        stemmer = PorterStemmer()
        return [stemmer.stem(w) for w in case["words"]]
    raise ValueError(f"unknown case kind {k}")


class UnicodeTokenizer:
    """Tunebench's "unicode" ROUGE tokenizer (evals/README.md), written from its description with
    the `regex` module: lowercase; each Han, Hiragana or Katakana character is a token; other
    tokens are runs of letters, marks and numbers; Porter stems only [a-z0-9] tokens of 4+."""

    def __init__(self, use_stemmer):
        from nltk.stem.porter import PorterStemmer

        self.stemmer = PorterStemmer() if use_stemmer else None

    def tokenize(self, text):
        import regex

        text = regex.sub(
            r"[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]", r" \g<0> ", text.lower()
        )
        tokens = regex.findall(r"[\p{L}\p{M}\p{N}]+", text)
        if not self.stemmer:
            return tokens
        return [self.stemmer.stem(t) if regex.fullmatch(r"[a-z0-9]{4,}", t) else t for t in tokens]


def rouge_tokenizer(opts):
    from rouge_score import tokenizers

    stem = opts.get("useStemmer", False)
    if opts.get("tokenize", "rouge-score") == "unicode":
        return UnicodeTokenizer(stem)
    return tokenizers.DefaultTokenizer(stem)


_scorers = {}


def rouge_scorer_for(opts):
    from rouge_score import rouge_scorer

    key = json.dumps(opts, sort_keys=True)
    if key not in _scorers:
        stem = opts.get("useStemmer", False)
        unicode = opts.get("tokenize", "rouge-score") == "unicode"
        _scorers[key] = rouge_scorer.RougeScorer(
            opts["types"],
            use_stemmer=stem,
            tokenizer=UnicodeTokenizer(stem) if unicode else None,
        )
    return _scorers[key]


def compute_mle_elo(battles, scale=400, base=10, init=1000):
    """FastChat elo_analysis.compute_mle_elo (LogisticRegression form): every battle twice, a tie
    as one win for each side."""
    from sklearn.linear_model import LogisticRegression

    models = sorted({b["a"] for b in battles} | {b["b"] for b in battles})
    idx = {m: i for i, m in enumerate(models)}
    X, Y = [], []
    for b in battles:
        row = np.zeros(len(models))
        row[idx[b["a"]]] = math.log(base)
        row[idx[b["b"]]] = -math.log(base)
        ys = {"a": [1, 1], "b": [0, 0], "tie": [1, 0]}[b["winner"]]
        for y in ys:
            X.append(row)
            Y.append(y)
    lr = LogisticRegression(fit_intercept=False, penalty=None, tol=1e-10, max_iter=10000)
    lr.fit(np.array(X), np.array(Y))
    elo = scale * lr.coef_[0] + init
    return {m: float(elo[idx[m]]) for m in models}


if __name__ == "__main__":
    cases = json.load(sys.stdin)
    out = []
    for c in cases:
        try:
            out.append(run(c))
        except Exception as e:
            out.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(out, sys.stdout)
