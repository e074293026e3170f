"""Custom scorers: a Python file defining score(prompt, output, reference) -> float, run on every
sample of an evaluation (README, "Custom scorers").

`check(scorers)` only compiles and inspects the code (nothing of it runs). `run(spec, out)` runs each
scorer in a child process of its own: `python -I` (no PYTHON* variables, no user site, not this
package on sys.path) with a minimal environment and a fresh temporary working folder. Samples go to
the child one JSON line at a time on a private pipe; a sample that raises, returns something other
than a finite number, or exceeds its time limit is recorded as that sample's error, and the child
is killed and started again for the next one. Not a sandbox: the child is this OS user's process
(files, network), which is why only admins may add custom scorers.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

# What the child may see of the environment: nothing the server was started with (its secrets).
CHILD_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}

# The child: reads its protocol from fds it duplicated away before the scorer's code runs, so the
# code's prints (stdout → stderr) and reads (stdin → /dev/null) cannot corrupt the protocol.
_CHILD = r"""
import json, math, numbers, os, sys, traceback
proto_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
proto_out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
null = os.open(os.devnull, os.O_RDONLY)
os.dup2(null, 0)
os.dup2(2, 1)
sys.stdout = sys.stderr
path = sys.argv[1]

def describe(e):
    if isinstance(e, SyntaxError) and e.filename == path:
        return f"SyntaxError: {e.msg} (line {e.lineno})"
    lines = [f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == path]
    where = f" (line {lines[-1]})" if lines and lines[-1] else ""
    return f"{type(e).__name__}: {e}{where}"

try:
    ns = {"__name__": "scorer", "__file__": path}
    with open(path, encoding="utf-8") as f:
        exec(compile(f.read(), path, "exec"), ns)
    fn = ns.get("score")
    if not callable(fn):
        raise TypeError("the file defines no callable score(prompt, output, reference)")
except BaseException as e:
    proto_out.write(json.dumps({"load_error": describe(e)}) + "\n")
    sys.exit(0)
proto_out.write('{"ready": true}\n')
for line in proto_in:
    s = json.loads(line)
    try:
        v = fn(s["prompt"], s["output"], s["reference"])
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            res = {"error": f"score returned {type(v).__name__}, not a number"}
        elif not math.isfinite(float(v)):
            res = {"error": f"score returned {float(v)}, not a finite number"}
        else:
            res = {"score": float(v)}
    except BaseException as e:
        res = {"error": describe(e)}
    proto_out.write(json.dumps(res) + "\n")
"""


@dataclass
class Scorer:
    name: str
    code: str
    sample_timeout_s: float = 5.0
    total_timeout_s: float = 300.0


@dataclass
class ScoreSpec:
    scorers: list[Scorer]
    samples: list[dict] = field(default_factory=list)

    @staticmethod
    def load(path: str) -> ScoreSpec:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
        unknown = set(raw) - {"scorers", "samples"}
        if unknown:
            raise ValueError(
                f"score spec: unknown keys {sorted(unknown)} (allowed: scorers, samples)"
            )
        scorers = [Scorer(**s) for s in raw["scorers"]]
        for i, s in enumerate(raw.get("samples", [])):
            if not all(isinstance(s.get(k), str) for k in ("prompt", "output", "reference")):
                raise ValueError(
                    f"score spec: samples[{i}] needs prompt, output, reference strings"
                )
        return ScoreSpec(scorers, raw.get("samples", []))


def check(scorers: list[Scorer]) -> list[dict]:
    """Problems a person can fix before anything runs: a syntax error (with its line), or no
    top-level score(prompt, output, reference). The code is compiled and its syntax tree read;
    none of it is executed."""
    issues = []
    for i, s in enumerate(scorers):
        try:
            tree = ast.parse(s.code, filename=f"{s.name}.py")
            compile(tree, f"{s.name}.py", "exec")
        except SyntaxError as e:
            issues.append({"scorer": i, "line": e.lineno, "message": f"SyntaxError: {e.msg}"})
            continue
        problem = _score_problem(tree)
        if problem:
            issues.append({"scorer": i, **problem})
    return issues


def _score_problem(tree: ast.Module) -> dict | None:
    defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    fn = next((n for n in reversed(defs) if n.name == "score"), None)
    if fn is None:
        return {
            "line": None,
            "message": "define a top-level function score(prompt, output, reference)",
        }
    if isinstance(fn, ast.AsyncFunctionDef):
        return {"line": fn.lineno, "message": "score must be a plain function, not async"}
    a = fn.args
    positional = len(a.posonlyargs) + len(a.args)
    required = positional - len(a.defaults) + sum(d is None for d in a.kw_defaults)
    if (positional < 3 and a.vararg is None) or required > 3:
        return {
            "line": fn.lineno,
            "message": "score must take three positional arguments: (prompt, output, reference)",
        }
    return None


def run(spec: ScoreSpec, out: str) -> None:
    """Writes {"scorers": {name: [{"score": x} | {"error": "..."}, …]}} to `out` (temp + rename)."""
    result = {s.name: _run_scorer(s, spec.samples) for s in spec.scorers}
    tmp = f"{out}.partial"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"scorers": result}, f)
    os.replace(tmp, out)


class _Child:
    """One running scorer process and a line reader over its protocol pipe."""

    def __init__(self, path: str, cwd: str):
        env = {**CHILD_ENV, "HOME": cwd, "TMPDIR": cwd}
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-c", _CHILD, path],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: a kill takes what it started too
        )
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)
        self.buf = b""

    def send(self, sample: dict) -> None:
        self.proc.stdin.write((json.dumps(sample) + "\n").encode())
        self.proc.stdin.flush()

    def read(self, timeout: float) -> dict | None:
        """The next reply, or None when `timeout` seconds pass first. EOFError when it exited."""
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0 or not self.sel.select(left):
                return None
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise EOFError(f"the scorer's process exited (code {self.proc.wait()})")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.sel.close()


def _run_scorer(s: Scorer, samples: list[dict]) -> list[dict]:
    cwd = tempfile.mkdtemp(prefix="tunebench-scorer-")
    path = os.path.join(cwd, f"{s.name}.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(s.code)
    deadline = time.monotonic() + s.total_timeout_s
    total_hit = {
        "error": f"not scored: the scorer's total time limit ({s.total_timeout_s:g} s) was reached"
    }
    results: list[dict] = []
    child: _Child | None = None
    try:
        for sample in samples:
            left = deadline - time.monotonic()
            if left <= 0:
                results.append(total_hit)
                continue
            try:
                if child is None:
                    child = _Child(path, cwd)
                    ready = child.read(min(s.sample_timeout_s, left))
                    if ready is None or "load_error" in ready:
                        why = (
                            f"loading the file took longer than {s.sample_timeout_s:g} s"
                            if ready is None
                            else ready["load_error"]
                        )
                        # Loading fails the same way every time: every sample carries the reason.
                        return results + [{"error": why}] * (len(samples) - len(results))
                    left = deadline - time.monotonic()
                child.send(sample)
                reply = child.read(min(s.sample_timeout_s, max(left, 0)))
            except (EOFError, BrokenPipeError) as e:
                reply = {
                    "error": str(e) if isinstance(e, EOFError) else "the scorer's process exited"
                }
                child.kill()
                child = None
            if reply is None:
                timed_out = left <= s.sample_timeout_s
                reply = (
                    total_hit
                    if timed_out
                    else {"error": f"timed out after {s.sample_timeout_s:g} s"}
                )
                child.kill()
                child = None
            results.append(reply)
        return results
    finally:
        if child is not None:
            child.kill()
        shutil.rmtree(cwd, ignore_errors=True)
