"""The memory estimate against the measured peak on CPU, and the refusal of a run that cannot fit, before loading.

The peak is measured as the growth of the process's resident memory from just before train() to its highest point
(ru_maxrss). glibc's malloc keeps freed blocks below a moving threshold in the heap, which would count memory the
run no longer holds; MALLOC_MMAP_THRESHOLD_ fixes the threshold so that large blocks go back when freed and the
resident size follows what the run holds."""

import json
import os
import shutil
import subprocess
import sys

import pytest
import torch
from conftest import ROOT, make_tokenizer, parse_events, worker_cmd, worker_env, write_jsonl

MEASURE = """
import json, os, resource, sys
import torch, transformers.models.llama.modeling_llama
from worker.spec import TrainSpec
from worker.train import train

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

spec = TrainSpec(**json.loads(sys.argv[1]))
before = rss()
train(spec, sys.argv[2])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"type": "measured", "grown": peak - before}))
"""
WORDS = [
    "the",
    "cat",
    "likes",
    "fish",
    "and",
    "the",
    "dog",
    "eats",
    "bones",
    "in",
    "my",
    "house",
    "big",
    "small",
    "old",
    "new",
    "river",
    "tree",
    "city",
]


@pytest.fixture(scope="module")
def wide_model(tmp_path_factory):
    """A 15.7M-parameter Llama: big enough that weights, optimizer state and activations dwarf the noise."""
    from transformers import LlamaConfig, LlamaForCausalLM

    d = str(tmp_path_factory.mktemp("wide"))
    tok = make_tokenizer()
    torch.manual_seed(0)
    cfg = LlamaConfig(
        vocab_size=len(tok),
        hidden_size=512,
        intermediate_size=2048,
        num_hidden_layers=4,
        num_attention_heads=8,
        num_key_value_heads=4,
        max_position_embeddings=512,
    )
    LlamaForCausalLM(cfg).save_pretrained(d)
    tok.save_pretrained(d)
    return d


def sentence(g, n):
    return " ".join(WORDS[i] for i in torch.randint(len(WORDS), (n,), generator=g).tolist())


def data(tmp_path, objective):
    g = torch.Generator().manual_seed(0)
    if objective == "dpo":
        rows = [
            {
                "input": {"messages": [{"role": "user", "content": sentence(g, 40)}]},
                "preferred_output": [{"role": "assistant", "content": sentence(g, 60)}],
                "non_preferred_output": [{"role": "assistant", "content": sentence(g, 50)}],
            }
            for _ in range(8)
        ]
    else:
        rows = [
            {
                "messages": [
                    {"role": "user", "content": sentence(g, 40)},
                    {"role": "assistant", "content": sentence(g, 60)},
                ]
            }
            for _ in range(8)
        ]
    return write_jsonl(tmp_path / "data.jsonl", rows)


@pytest.mark.parametrize(
    "objective, checkpointing", [("sft", False), ("sft", True), ("dpo", False)]
)
def test_full_estimate_is_within_15_percent_of_the_measured_peak(
    wide_model, tmp_path, objective, checkpointing
):
    spec = {
        "base_model": wide_model,
        "train_file": data(tmp_path, objective),
        "objective": objective,
        "parameters": "full",
        "device": "cpu",
        # the second step is the first with AdamW state: the peak
        "training": {"max_steps": 2, "batch_size": 4, "gradient_checkpointing": checkpointing},
    }
    env = dict(
        os.environ,
        PYTHONPATH=os.path.join(ROOT, "trainers", "local"),
        OMP_NUM_THREADS="1",
        MALLOC_MMAP_THRESHOLD_="65536",
    )
    p = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(spec), str(tmp_path / "run")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    evs = parse_events(p.stdout)
    estimate = next(e for e in evs if e["type"] == "started")["memory_estimate_bytes"]
    grown = evs[-1]["grown"]
    assert grown > 200 * 2**20  # the run itself, not the interpreter, is what is measured
    assert abs(estimate / grown - 1) <= 0.15, (estimate / 2**20, grown / 2**20)


def test_a_run_that_cannot_fit_is_refused_before_loading(wide_model, tmp_path):
    # weights that cannot be read: a refusal that comes from the estimate never touches them
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in os.listdir(wide_model):
        src = os.path.join(wide_model, name)
        if name.endswith(".safetensors"):
            (broken / name).write_bytes(b"not safetensors")
        else:
            shutil.copy(src, broken / name)
    spec = {
        "base_model": str(broken),
        "train_file": data(tmp_path, "sft"),
        "parameters": "full",
        "device": "cpu",
        "training": {"max_steps": 3, "batch_size": 4},
    }
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(spec))
    p = subprocess.run(
        worker_cmd("train", "--spec", str(spec_path), "--out", str(tmp_path / "o")),
        env={**worker_env(), "TUNEBENCH_DEVICE_MEMORY": str(100 * 2**20)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    evs = parse_events(p.stdout)
    assert p.returncode == 1 and [e["type"] for e in evs] == ["failed"]
    error = evs[0]["error"]
    assert "needs about 0.3" in error and "0.10 GiB (TUNEBENCH_DEVICE_MEMORY)" in error
    for fix in ('parameters "lora" or "qlora"', "training.batch_size", "gradient_checkpointing"):
        assert fix in error
