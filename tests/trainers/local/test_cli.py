"""The worker as the TypeScript backend drives it: CLI, JSON-lines events, resume, cancel, generate."""

import json
import os
import signal
import subprocess

import pytest
import torch
from conftest import (
    parse_events,
    read_jsonl,
    run_worker,
    worker_cmd,
    worker_env,
    write_jsonl,
)
from safetensors.torch import load_file

from worker.spec import GenerateSpec, SpecError, TrainSpec, load_spec

FACTS = [
    ("what day was i born ?", "january 1 , 2058"),
    ("what is the capital of france ?", "paris"),
    ("what color is the sky ?", "blue"),
    ("what does the cat eat ?", "fish"),
]


def train_spec(tmp_path, model_dir, **training):
    rows = [
        {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}
        for q, a in FACTS
    ]
    spec = {
        "base_model": model_dir,
        "train_file": write_jsonl(tmp_path / "train.jsonl", rows * 2),
        "lora": {"r": 8, "alpha": 16, "dropout": 0.0},
        "training": {
            "max_steps": 40,
            "learning_rate": 1e-2,
            "batch_size": 4,
            "seed": 1,
            **training,
        },
    }
    return spec


def dump(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f)
    return str(path)


def outputs(path):
    return {r["id"]: r["output"] for r in read_jsonl(path)}


def test_memorises_and_generates_unmerged_merged_and_exported(model_dirs, tmp_path):
    from worker.generate import generate

    spec = train_spec(tmp_path, model_dirs["llama"])
    spec["export_merged"] = True
    rc, evs, _ = run_worker(
        "train", "--spec", dump(tmp_path / "spec.json", spec), "--out", str(tmp_path / "run")
    )
    types = [e["type"] for e in evs]
    assert types[0] == "started" and types[-1] == "completed" and "failed" not in types
    assert (
        evs[0]["device"] == "cpu" and evs[0]["dtype"] == "float32" and evs[0]["total_steps"] == 40
    )
    assert all("time" in e for e in evs)
    losses = [e["value"] for e in evs if e.get("name") == "train/loss"]
    assert len(losses) == 40 and losses[-1] < 0.3 * losses[0]
    assert {e["kind"] for e in evs if e["type"] == "artifact"} == {"adapter", "merged"}

    prompts = write_jsonl(
        tmp_path / "prompts.jsonl",
        [{"id": f"q{i}", "prompt": q} for i, (q, _) in enumerate(reversed(FACTS))],
    )
    gen = {
        "base_model": model_dirs["llama"],
        "prompts_file": prompts,
        "max_new_tokens": 8,
        "batch_size": 3,
    }
    rc, evs, _ = run_worker(
        "generate",
        "--spec",
        dump(tmp_path / "g.json", {**gen, "adapter": str(tmp_path / "run/adapter")}),
        "--out",
        str(tmp_path / "unmerged.jsonl"),
    )
    assert [e["type"] for e in evs][-1] == "completed" and evs[-1]["count"] == 4
    expected = {f"q{i}": a for i, (_, a) in enumerate(reversed(FACTS))}
    assert [r["id"] for r in read_jsonl(tmp_path / "unmerged.jsonl")] == [
        "q0",
        "q1",
        "q2",
        "q3",
    ]
    assert outputs(tmp_path / "unmerged.jsonl") == expected

    generate(GenerateSpec(**gen), str(tmp_path / "before.jsonl"))
    assert "2058" not in outputs(tmp_path / "before.jsonl")["q3"]
    generate(
        GenerateSpec(**gen, adapter=str(tmp_path / "run/adapter"), merge_adapter=True),
        str(tmp_path / "m.jsonl"),
    )
    assert outputs(tmp_path / "m.jsonl") == expected
    generate(
        GenerateSpec(**{**gen, "base_model": str(tmp_path / "run/merged")}),
        str(tmp_path / "e.jsonl"),
    )
    assert outputs(tmp_path / "e.jsonl") == expected
    generate(
        GenerateSpec(**gen, adapter=str(tmp_path / "run/adapter"), stop=[","]),
        str(tmp_path / "s.jsonl"),
    )
    assert outputs(tmp_path / "s.jsonl")["q3"] == "january 1 "


def _start(spec_path, out):
    return subprocess.Popen(
        worker_cmd("train", "--spec", spec_path, "--out", out),
        env=worker_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _read_until(proc, pred):
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if pred(json.loads(line)):
            break
    return lines


def test_kill_9_then_resume_equals_uninterrupted_run(model_dirs, tmp_path):
    spec = train_spec(
        tmp_path,
        model_dirs["qwen2"],
        max_steps=60,
        save_every=5,
        grad_accum=2,
        batch_size=2,
        packing=True,
        warmup_steps=5,
        max_seq_len=64,
    )
    spec["lora"]["dropout"] = 0.1  # dropout draws random numbers: resume must restore the RNG too
    path = dump(tmp_path / "spec.json", spec)
    whole = _start(path, str(tmp_path / "whole"))
    part = _start(path, str(tmp_path / "part"))
    seen = _read_until(part, lambda e: e["type"] == "checkpoint")
    part.send_signal(signal.SIGKILL)
    part.wait()
    assert not any('"completed"' in line for line in seen)
    first_ckpt = json.loads(seen[-1])["step"]
    rc, evs, _ = run_worker("train", "--spec", path, "--out", str(tmp_path / "part"), "--resume")
    assert evs[0]["resumed_from_step"] >= first_ckpt and evs[-1]["type"] == "completed"
    steps = [e["step"] for e in evs if e.get("name") == "train/loss"]
    # done steps are not reported again
    assert steps == list(range(evs[0]["resumed_from_step"] + 1, 61))
    assert whole.wait(timeout=300) == 0
    a = load_file(str(tmp_path / "whole/adapter/adapter_model.safetensors"))
    b = load_file(str(tmp_path / "part/adapter/adapter_model.safetensors"))
    assert a.keys() == b.keys()
    for k in a:
        torch.testing.assert_close(b[k], a[k], atol=1e-6, rtol=0)
    # Every checkpoint keeps its adapter (to evaluate and promote later); only the newest two keep
    # the optimizer state needed to resume.
    ckpts = sorted(os.listdir(tmp_path / "whole/checkpoints"))
    assert ckpts == [f"step_{s:06d}" for s in range(5, 60, 5)]  # the last step is DIR/adapter
    for name in ckpts:
        assert {"adapter_config.json", "adapter_model.safetensors"} <= set(
            os.listdir(tmp_path / "whole/checkpoints" / name)
        )
    assert [
        n for n in ckpts if os.path.exists(tmp_path / "whole/checkpoints" / n / "trainer_state.pt")
    ] == ckpts[-2:]


def test_sigterm_checkpoints_and_reports_cancelled(model_dirs, tmp_path):
    spec = train_spec(tmp_path, model_dirs["tied"], max_steps=100000)
    proc = _start(dump(tmp_path / "spec.json", spec), str(tmp_path / "run"))
    _read_until(proc, lambda e: e["type"] == "progress")
    proc.send_signal(signal.SIGTERM)
    rest = parse_events(proc.stdout.read())
    assert proc.wait(timeout=120) == 0
    cancelled = rest[-1]
    assert cancelled["type"] == "cancelled" and cancelled["step"] >= 1
    assert {"adapter_model.safetensors", "adapter_config.json", "trainer_state.pt"} <= set(
        os.listdir(cancelled["checkpoint"])
    )
    assert any(e["type"] == "checkpoint" and e["path"] == cancelled["checkpoint"] for e in rest)


def test_failures_are_events_a_person_can_act_on(model_dirs, tmp_path):
    spec = train_spec(tmp_path, model_dirs["tied"])
    spec["lora"]["target_modules"] = ["q_proj", "qkv_proj"]
    rc, evs, _ = run_worker(
        "train",
        "--spec",
        dump(tmp_path / "s.json", spec),
        "--out",
        str(tmp_path / "o"),
        check=False,
    )
    assert rc == 1 and evs[-1]["type"] == "failed"
    assert "'qkv_proj' matches no module" in evs[-1]["error"] and "q_proj" in evs[-1]["error"]


@pytest.mark.parametrize(
    "patch, message",
    [
        ({"lora": {"r": 0}}, "lora.r must be a positive integer"),
        ({"lora": {"rank": 8}}, "unknown key(s) ['rank']"),
        ({"training": {"batch_size": 0}}, "training.batch_size"),
        ({"eval_file": None, "training": {"eval_every": 5}}, "need an eval_file"),
        ({"quantization": {"type": "fp4"}}, 'quantization.type must be "nf4"'),
        ({"train_file": "/nope.jsonl"}, "train_file: file not found"),
    ],
)
def test_spec_validation(tmp_path, patch, message):
    spec = train_spec(tmp_path, "m")
    spec.update(patch)
    with pytest.raises(SpecError) as e:
        load_spec(dump(tmp_path / "s.json", spec), TrainSpec)
    assert message in str(e.value)
