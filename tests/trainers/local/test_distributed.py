"""The worker under torchrun on CPU (gloo, 2 ranks): the same steps as one process with the same global batch,
only rank 0 writes events and files, a killed rank ends the run `failed` and --resume finishes it, SIGTERM ends in
one checkpoint and `cancelled`, a LoRA checkpoint resumes on another number of ranks (a full one is refused)."""

import json
import math
import os
import signal
import subprocess
import sys

import pytest
import torch
from conftest import parse_events, run_worker, worker_env, write_jsonl
from safetensors.torch import load_file
from test_cli import FACTS, dump
from test_dpo_trl import openai_line

from worker.data import epoch_rows
from worker.model import load_tokenizer
from worker.policy import build_policy
from worker.sft import Sft
from worker.spec import TrainSpec, load_spec
from worker.train import make_optimizer

ROWS = [
    {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}
    for q, a in FACTS
]
PAIRS = [(q, a, "no idea") for q, a in FACTS] + [(q, "no", a) for q, a in FACTS[:3]]


def test_devices_prints_one_line_listing_what_torch_sees():
    p = subprocess.run(
        [sys.executable, "-m", "worker", "devices"],
        env=worker_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    [line] = p.stdout.splitlines()
    got = json.loads(line)
    assert got["type"] == "devices"
    n = torch.cuda.device_count() if torch.cuda.is_available() else 0
    assert [d["index"] for d in got["devices"]] == list(range(n))
    for d in got["devices"]:
        props = torch.cuda.get_device_properties(d["index"])
        assert d["name"] == props.name and d["memory_bytes"] == props.total_memory


def torchrun_cmd(*args, nproc=2):
    return [sys.executable, "-m", "torch.distributed.run", "--standalone"] + [
        "--nproc-per-node",
        str(nproc),
        "-m",
        "worker",
        *args,
    ]


def start_torchrun(*args):
    return subprocess.Popen(
        torchrun_cmd(*args),
        env=worker_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def spec(tmp_path, model_dirs, objective, batch_size, **training):
    """7 examples (DPO: pairs): the last micro-batch of each epoch leaves the second rank without rows."""
    data = [openai_line(*p) for p in PAIRS] if objective == "dpo" else ROWS + ROWS[:3]
    s = {
        "base_model": model_dirs["llama"],
        "train_file": write_jsonl(tmp_path / "train.jsonl", data),
        "objective": objective,
        "lora": {"r": 4, "alpha": 8, "dropout": 0.0},
        "training": {
            "epochs": 2,
            "batch_size": batch_size,
            "grad_accum": 2,
            "learning_rate": 1e-3,
            "seed": 5,
            "log_every": 1,
            **training,
        },
    }
    return dump(tmp_path / f"spec_{batch_size}.json", s)


def adapter(out):
    return load_file(os.path.join(out, "adapter", "adapter_model.safetensors"))


def metrics(evs):
    return [(e["step"], e["name"], e["value"]) for e in evs if e["type"] == "metric"]


def assert_close_runs(evs_a, out_a, evs_b, out_b, tol):
    ma, mb = metrics(evs_a), metrics(evs_b)
    assert [m[:2] for m in ma] == [m[:2] for m in mb]
    for (step, name, a), (_, _, b) in zip(ma, mb, strict=True):
        assert abs(a - b) <= tol * max(1.0, abs(a)), (step, name, a, b)
    wa, wb = adapter(out_a), adapter(out_b)
    assert wa.keys() == wb.keys()
    for k in wa:
        assert torch.allclose(wa[k], wb[k], rtol=0, atol=tol), (k, (wa[k] - wb[k]).abs().max())


@pytest.mark.parametrize("objective", ["sft", "dpo"])
def test_lora_on_2_ranks_equals_1_rank_with_the_same_global_batch(model_dirs, tmp_path, objective):
    one = str(tmp_path / "one")
    _, evs_one, _ = run_worker(
        "train", "--spec", spec(tmp_path, model_dirs, objective, 2), "--out", one
    )
    two = str(tmp_path / "two")
    p = subprocess.run(
        torchrun_cmd("train", "--spec", spec(tmp_path, model_dirs, objective, 1), "--out", two),
        env=worker_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    evs_two = parse_events(p.stdout)
    # rank 0 alone writes events: one `started`, one `completed`, one metric per step and name
    assert [e["type"] for e in evs_two].count("started") == 1
    started = next(e for e in evs_two if e["type"] == "started")
    assert evs_two[-1]["type"] == "completed" and started["world_size"] == 2
    assert len(set(m[:2] for m in metrics(evs_two))) == len(metrics(evs_two))
    progress = [e for e in evs_two if e["type"] == "progress"]
    assert progress[-1]["total_steps"] == 4 and len(progress[-1]["rank_peak_mem_bytes"]) == 2
    assert evs_one[-1]["step"] == evs_two[-1]["step"] == 4
    assert [e["tokens_seen"] for e in progress] == [
        e["tokens_seen"] for e in evs_one if e["type"] == "progress"
    ]
    assert_close_runs(evs_one, one, evs_two, two, 1e-6)


def _rank_pid(launcher, rank):
    """The pid of a torchrun rank: a child of the launcher whose environment says RANK=rank."""
    with open(f"/proc/{launcher.pid}/task/{launcher.pid}/children") as f:
        children = [int(c) for c in f.read().split()]
    for pid in children:
        with open(f"/proc/{pid}/environ", "rb") as f:
            if f"RANK={rank}".encode() in f.read().split(b"\0"):
                return pid
    raise AssertionError(f"no rank {rank} among {children}")


def _read_events_until(proc, pred):
    evs = []
    for line in proc.stdout:
        evs.append(json.loads(line))
        if pred(evs[-1]):
            return evs
    raise AssertionError(f"the run ended first: {evs}\n{proc.stderr.read()[-3000:]}")


def test_a_killed_rank_fails_the_run_and_resume_finishes_it(model_dirs, tmp_path):
    training = {"epochs": 8, "save_every": 2}
    one = str(tmp_path / "one")
    _, evs_one, _ = run_worker(
        "train", "--spec", spec(tmp_path, model_dirs, "sft", 2, **training), "--out", one
    )
    two = str(tmp_path / "two")
    path = spec(tmp_path, model_dirs, "sft", 1, **training)
    run = start_torchrun("train", "--spec", path, "--out", two)
    seen = _read_events_until(run, lambda e: e["type"] == "checkpoint")
    os.kill(_rank_pid(run, 1), signal.SIGKILL)
    out, err = run.communicate(timeout=300)  # liveness: the run ends, it does not hang
    seen += parse_events(out)
    assert run.returncode != 0
    assert [e["type"] for e in seen].count("failed") == 1, err[-3000:]
    assert seen[-1]["type"] == "failed" and "another rank" in seen[-1]["error"]
    assert not {"completed", "cancelled"} & {e["type"] for e in seen}

    p = subprocess.run(
        torchrun_cmd("train", "--spec", path, "--out", two, "--resume"),
        env=worker_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    evs = parse_events(p.stdout)
    start = next(e for e in evs if e["type"] == "started")["resumed_from_step"]
    assert start >= 2 and evs[-1]["type"] == "completed"
    assert len(set(m[:2] for m in metrics(evs))) == len(metrics(evs))
    after = [e for e in evs_one if e["type"] != "metric" or e["step"] > start]
    assert_close_runs(after, one, evs, two, 1e-6)


def resized_reference(path, ckpt, done, rows_per_step, new_rows_per_step):
    """The documented rule, step by step in one process from the checkpoint: the rows not yet trained, in the
    epochs' order, cut at the new global batch (never across an epoch), the rest of the cosine schedule spread over
    the steps left. Returns [(step, loss, lr, tokens)] and the adapter."""
    spec = load_spec(path, TrainSpec)
    t, cpu = spec.training, torch.device("cpu")
    tok = load_tokenizer(spec.base_model)
    sft = Sft(spec, tok)
    steps = []  # (rows of one step), over the whole run
    for epoch in range(t.epochs):
        order = epoch_rows(sft.items, epoch, t.seed, False, t.max_seq_len)
        old = [order[i : i + rows_per_step] for i in range(0, len(order), rows_per_step)]
        steps.append(old)
    plan_total = sum(len(e) for e in steps)
    left, n = [], done
    for old in steps:
        rest = [r for chunk in old[n:] for r in chunk] if n < len(old) else []
        left += [rest[i : i + new_rows_per_step] for i in range(0, len(rest), new_rows_per_step)]
        n = max(0, n - len(old))
    total = done + len(left)
    policy = build_policy(spec, tok, cpu, torch.float32)
    policy.load(ckpt)
    params = policy.params()
    opt = make_optimizer(params, t, cpu)
    state = torch.load(
        os.path.join(ckpt, "trainer_state.pt"), weights_only=False
    )  # ours: RNG tuples
    opt.load_state_dict(state["optimizer"])
    policy.model.train()
    out = []
    for j, rows in enumerate(left, start=done):
        position = done + (j - done) * (plan_total - done) / (total - done)
        lr = t.learning_rate * 0.5 * (1 + math.cos(math.pi * position / plan_total))
        for g in opt.param_groups:
            g["lr"] = lr
        result = sft.step(policy.model, [[r] for r in rows], cpu)
        torch.nn.utils.clip_grad_norm_(params, t.max_grad_norm)
        opt.step()
        opt.zero_grad(set_to_none=True)
        out.append((j + 1, result.loss, lr, result.n_real))
    ref = os.path.join(os.path.dirname(ckpt), "reference")
    policy.save(ref)
    return out, load_file(os.path.join(ref, "adapter_model.safetensors"))


def test_lora_checkpoint_of_2_ranks_resumes_on_1(model_dirs, tmp_path):
    two = str(tmp_path / "two")
    path = spec(tmp_path, model_dirs, "sft", 1, epochs=6)  # 7 rows an epoch: steps of 4 and 3 rows
    run = start_torchrun("train", "--spec", path, "--out", two)
    seen = _read_events_until(run, lambda e: e["type"] == "started")
    run.send_signal(signal.SIGTERM)
    stdout, err = run.communicate(timeout=300)
    seen += parse_events(stdout)
    assert seen[-1]["type"] == "cancelled", err[-3000:]
    done, ckpt = seen[-1]["step"], seen[-1]["checkpoint"]
    assert 0 < done < 12

    _, evs, _ = run_worker("train", "--spec", path, "--out", two, "--resume")
    started = evs[0]
    assert started["resumed_from_step"] == done and started["world_size"] == 1
    ref, ref_adapter = resized_reference(path, ckpt, done, 4, 2)
    total = ref[-1][0]
    assert started["total_steps"] == total
    assert evs[-1]["type"] == "completed" and evs[-1]["step"] == total
    # every step after the checkpoint once, none before it
    ms = metrics(evs)
    assert [m[:2] for m in ms] == [
        (s, n)
        for s in range(done + 1, total + 1)
        for n in ("train/loss", "train/lr", "train/grad_norm")
    ]
    got = {(s, n): v for s, n, v in ms}
    progress = [e for e in evs if e["type"] == "progress"]
    before = next(e for e in seen if e["type"] == "progress" and e["step"] == done)["tokens_seen"]
    tokens = [
        b["tokens_seen"] - a
        for a, b in zip([before] + [e["tokens_seen"] for e in progress[:-1]], progress, strict=True)
    ]
    for (step, loss, lr, n_real), n in zip(ref, tokens, strict=True):
        assert abs(got[step, "train/loss"] - loss) <= 1e-6 and got[
            step, "train/lr"
        ] == pytest.approx(lr)
        assert n == n_real, step
    # each example once an epoch: all the tokens of six epochs
    sft = Sft(load_spec(path, TrainSpec), load_tokenizer(model_dirs["llama"]))
    assert progress[-1]["tokens_seen"] == 6 * sum(len(ids) for ids, _ in sft.items)
    resumed = adapter(two)
    assert resumed.keys() == ref_adapter.keys()
    for k in resumed:
        assert torch.allclose(resumed[k], ref_adapter[k], rtol=0, atol=1e-6), k


def test_sigterm_under_torchrun_checkpoints_once_and_cancels(model_dirs, tmp_path):
    out = str(tmp_path / "run")
    path = spec(tmp_path, model_dirs, "sft", 1, epochs=200)
    run = start_torchrun("train", "--spec", path, "--out", out)
    seen = _read_events_until(run, lambda e: e["type"] == "progress")
    run.send_signal(signal.SIGTERM)  # to torchrun, which passes it to every rank
    stdout, err = run.communicate(timeout=300)
    seen += parse_events(stdout)
    types = [e["type"] for e in seen]
    assert types.count("checkpoint") == 1 and types.count("cancelled") == 1, err[-3000:]
    assert types[-1] == "cancelled" and "failed" not in types
    done = seen[-1]
    assert done["checkpoint"].endswith(f"step_{done['step']:06d}")
    assert os.path.exists(os.path.join(done["checkpoint"], "trainer_state.pt"))


def model_weights(out):
    return load_file(os.path.join(out, "model", "model.safetensors"))


def test_full_fine_tuning_sharded_on_2_ranks_equals_1_rank_and_resumes(model_dirs, tmp_path):
    one = str(tmp_path / "one")
    with open(spec(tmp_path, model_dirs, "sft", 2, save_every=3)) as f:
        s1 = json.load(f)
    s1.pop("lora")
    # with early stopping every rank must agree that DIR/model is DIR/best (a gathered save is a collective)
    s1.update(parameters="full", base_model=model_dirs["tied"], eval_file=s1["train_file"])
    s1["training"].update(eval_every=2, early_stopping_patience=5)
    _, evs_one, _ = run_worker("train", "--spec", dump(tmp_path / "f1.json", s1), "--out", one)
    s2 = {**s1, "training": {**s1["training"], "batch_size": 1}}
    path = dump(tmp_path / "f2.json", s2)
    two = str(tmp_path / "two")
    cmd = torchrun_cmd("train", "--spec", path, "--out", two)
    p = subprocess.run(cmd, env=worker_env(), capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    evs_two = parse_events(p.stdout)
    assert evs_two[-1]["type"] == "completed" and "model_path" in evs_two[-1]
    assert os.path.isdir(os.path.join(two, "checkpoints", "step_000003", "distributed"))
    ma, mb = metrics(evs_one), metrics(evs_two)
    assert [m[:2] for m in ma] == [m[:2] for m in mb]
    for (step, name, a), (_, _, b) in zip(ma, mb, strict=True):
        assert abs(a - b) <= 1e-5 * max(1.0, abs(a)), (step, name, a, b)
    wa, wb = model_weights(one), model_weights(two)
    assert wa.keys() == wb.keys()
    for k in wa:
        assert torch.allclose(wa[k], wb[k], rtol=0, atol=1e-5), (k, (wa[k] - wb[k]).abs().max())

    # a sharded checkpoint belongs to its ranks: one process is refused, naming the world sizes
    rc, evs, _ = run_worker("train", "--spec", path, "--out", two, "--resume", check=False)
    assert rc != 0 and evs[-1]["type"] == "failed"
    assert "written by 2 rank(s), this run has 1" in evs[-1]["error"]
    # --resume from the step-3 checkpoint (sharded model and optimizer) ends where the whole run ended
    p = subprocess.run(
        cmd + ["--resume"], env=worker_env(), capture_output=True, text=True, timeout=600
    )
    assert p.returncode == 0, p.stderr[-3000:]
    evs = parse_events(p.stdout)
    assert evs[0]["resumed_from_step"] == 3 and evs[-1]["type"] == "completed"
    assert metrics(evs) == [m for m in mb if m[0] > 3]
    wc = model_weights(two)
    assert all(torch.equal(wb[k], wc[k]) for k in wb)
