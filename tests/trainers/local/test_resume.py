"""kill -9, then --resume: full fine-tuning and DPO runs end bit for bit where an uninterrupted run ends (weights,
metrics after the resume point, stored reference log-probs)."""

import json
import os
import signal

import pytest
import torch
from conftest import run_worker, write_jsonl
from safetensors.torch import load_file
from test_cli import FACTS, _read_until, _start, dump
from test_dpo_trl import openai_line

from worker.dpo import REFERENCE

PAIRS = [(q, a, "no idea") for q, a in FACTS] + [(q, "no", a) for q, a in FACTS[:2]]


def spec_for(case, tmp_path, model_dirs):
    training = {"max_steps": 16, "save_every": 4, "batch_size": 2, "grad_accum": 2, "seed": 3}
    if case == "full-sft":
        rows = [
            {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}
            for q, a in FACTS
        ]
        return {
            "base_model": model_dirs["qwen2"],
            "train_file": write_jsonl(tmp_path / "train.jsonl", rows * 2),
            "parameters": "full",
            "training": {
                **training,
                "learning_rate": 1e-3,
                "packing": True,
                "max_seq_len": 64,
                "warmup_steps": 3,
            },
        }
    pairs = write_jsonl(tmp_path / "pairs.jsonl", [openai_line(*p) for p in PAIRS])
    spec = {
        "base_model": model_dirs["llama" if case == "lora-dpo" else "tied"],
        "train_file": pairs,
        "objective": "dpo",
        "training": {**training, "learning_rate": 1e-2 if case == "lora-dpo" else 1e-3},
    }
    if case == "lora-dpo":
        spec["eval_file"] = pairs
        spec["training"]["eval_every"] = 5
    else:
        spec.update(parameters="full", dpo={"beta": 0.2, "label_smoothing": 0.1})
    return spec


def weights(run, kind):
    folder = os.path.join(run, kind)
    name = "adapter_model.safetensors" if kind == "adapter" else "model.safetensors"
    return load_file(os.path.join(folder, name))


@pytest.mark.parametrize("case", ["full-sft", "lora-dpo", "full-dpo"])
def test_kill_9_then_resume_is_bit_identical(model_dirs, tmp_path, case):
    path = dump(tmp_path / "spec.json", spec_for(case, tmp_path, model_dirs))
    whole = _start(path, str(tmp_path / "whole"))
    part = _start(path, str(tmp_path / "part"))
    seen = _read_until(part, lambda e: e["type"] == "checkpoint")
    part.send_signal(signal.SIGKILL)
    part.wait()
    assert not any('"completed"' in line for line in seen)
    rc, evs, _ = run_worker("train", "--spec", path, "--out", str(tmp_path / "part"), "--resume")
    start = evs[0]["resumed_from_step"] if evs[0]["type"] == "started" else None
    assert start and start >= json.loads(seen[-1])["step"] and evs[-1]["type"] == "completed"
    whole_evs = [json.loads(line) for line in whole.stdout]
    assert whole.wait(timeout=600) == 0

    kind = "adapter" if case == "lora-dpo" else "model"
    a, b = weights(str(tmp_path / "whole"), kind), weights(str(tmp_path / "part"), kind)
    assert a.keys() == b.keys()
    for k in a:
        assert torch.equal(a[k], b[k]), k
    resumed = [(e["step"], e["name"], e["value"]) for e in evs if e["type"] == "metric"]
    assert resumed and resumed[0][0] == start + 1
    assert resumed == [
        (e["step"], e["name"], e["value"])
        for e in whole_evs
        if e["type"] == "metric" and e["step"] > start
    ]
    if "dpo" in case:
        assert {e["name"] for e in whole_evs if e["type"] == "metric"} >= {
            "rewards/chosen",
            "rewards/margins",
            "logps/rejected",
        }
        assert not any("reference log-probs" in e.get("message", "") for e in evs)
        ref_a = load_file(str(tmp_path / "whole" / REFERENCE))
        ref_b = load_file(str(tmp_path / "part" / REFERENCE))
        assert ref_a.keys() == ref_b.keys() and all(torch.equal(ref_a[k], ref_b[k]) for k in ref_a)
