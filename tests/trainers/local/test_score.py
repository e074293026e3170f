"""worker/score.py on its own: what check() accepts and refuses (nothing runs), and a scorer's
child process isolated from the worker's environment, stdin and stdout."""

import json
import os

from worker.score import Scorer, ScoreSpec, check, run


def issues(code: str) -> list[dict]:
    return check([Scorer(name="s", code=code)])


def test_check_accepts_score_with_three_positional_arguments_in_any_form():
    for sig in [
        "prompt, output, reference",
        "*args",
        "p, o, r, extra=1",
        "p, o, r, *, k=2",
        "p, /, o, r",
    ]:
        assert issues(f"def score({sig}):\n    return 1.0\n") == [], sig


def test_check_refuses_with_the_line_and_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    assert issues(f"open({str(marker)!r}, 'w')\ndef score(p, o):\n    return 1\n") == [
        {
            "scorer": 0,
            "line": 2,
            "message": "score must take three positional arguments: (prompt, output, reference)",
        }
    ]
    assert not marker.exists()
    assert issues("async def score(p, o, r):\n    return 1\n")[0]["message"] == (
        "score must be a plain function, not async"
    )
    assert issues("score = lambda p, o, r: 1\n")[0]["line"] is None
    syntax = issues("def score(p, o, r):\n    return (1\n")[0]
    assert syntax["line"] == 2 and syntax["message"].startswith("SyntaxError:")


def test_run_isolates_the_child_and_records_each_failure(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKER_TEST_SECRET", "hunter2")
    code = (
        "import os, sys\n"
        "def score(prompt, output, reference):\n"
        "    print('stdout noise')\n"
        "    if output == 'stdin':\n"
        "        return float(len(sys.stdin.read()))\n"
        "    if output == 'exit':\n"
        "        os._exit(3)\n"
        "    if output == 'bool':\n"
        "        return True\n"
        "    return float('WORKER_TEST_SECRET' in os.environ)\n"
    )
    samples = [
        {"prompt": "p", "output": o, "reference": "r"}
        for o in ["env", "stdin", "exit", "bool", "env"]
    ]
    out = tmp_path / "scores.json"
    run(ScoreSpec([Scorer(name="iso", code=code, sample_timeout_s=5)], samples), str(out))
    got = json.loads(out.read_text())["scorers"]["iso"]
    assert got == [
        {"score": 0.0},
        {"score": 0.0},  # stdin is /dev/null, not the protocol's pipe
        {"error": "the scorer's process exited (code 3)"},
        {"error": "score returned bool, not a number"},
        {"score": 0.0},  # a fresh child after the exit
    ]
    assert not os.path.exists(f"{out}.partial")
