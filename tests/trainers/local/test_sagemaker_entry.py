"""worker/sagemaker.py as the SageMaker training toolkit runs it: a copy of the package in a code folder,
`python worker/sagemaker.py --hp value ...` from there, SM_* variables, channels and /opt/ml paths faked."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile

import pytest
from conftest import ROOT, parse_events, read_jsonl, write_jsonl

FACTS = [
    ("what is the capital of france ?", "paris"),
    ("what color is the sky ?", "blue"),
    ("what does the cat eat ?", "fish"),
    ("what day was i born ?", "january 1 , 2058"),
]
EVAL = [("what is the capital of germany ?", "berlin"), ("what color is the sky ?", "blue")]


def conv(q, a):
    return {
        "messages": [
            {"role": "system", "content": "answer"},
            {"role": "user", "content": q},
            {"role": "assistant", "content": a},
        ]
    }


def sm_layout(tmp_path, model_dir, hps, with_eval=True, train_rows=None, eval_rows=None):
    """A fake /opt/ml: code/ holds the worker package as sourcedir.tar.gz would, config/ the JSON-encoded HPs."""
    code = tmp_path / "code"
    shutil.copytree(
        os.path.join(ROOT, "trainers", "local", "worker"),
        code / "worker",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (tmp_path / "train").mkdir()
    write_jsonl(
        tmp_path / "train" / "train.jsonl", train_rows or [conv(q, a) for q, a in FACTS] * 2
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if with_eval:
        (tmp_path / "eval").mkdir()
        write_jsonl(tmp_path / "eval" / "eval.jsonl", eval_rows or [conv(q, a) for q, a in EVAL])
        env["SM_CHANNEL_EVAL"] = str(tmp_path / "eval")
    config = tmp_path / "config"
    config.mkdir()
    # CreateTrainingJob's HyperParameters: every value json.dumps-encoded, sagemaker_* included
    encoded = {
        k: json.dumps(v) for k, v in {**hps, "sagemaker_program": "worker/sagemaker.py"}.items()
    }
    (config / "hyperparameters.json").write_text(json.dumps(encoded))
    env.update(
        SM_INPUT_CONFIG_DIR=str(config),
        SM_CHANNEL_TRAIN=str(tmp_path / "train"),
        SM_CHANNEL_MODEL=model_dir,
        SM_MODEL_DIR=str(tmp_path / "model"),
        SM_OUTPUT_DATA_DIR=str(tmp_path / "output" / "data"),
        SM_OUTPUT_DIR=str(tmp_path / "output"),
        TUNEBENCH_CHECKPOINT_DIR=str(tmp_path / "checkpoints"),
        SM_CHANNELS=json.dumps(["train", "eval"] if with_eval else ["train"]),
        OMP_NUM_THREADS="1",
    )
    # the toolkit passes user HPs as sorted CLI args; the entry point must tolerate them
    argv = [a for k in sorted(hps) for a in (f"--{k}", str(hps[k]))]
    return [sys.executable, "worker/sagemaker.py", *argv], str(code), env


HPS = {
    "base_model": "HuggingFaceTB/SmolLM2-135M",
    "lora_r": 8,
    "lora_alpha": 16,
    "lora_dropout": 0.0,
    "lora_target_modules": None,
    "use_rslora": False,
    "quantization": None,
    "double_quant": False,
    "epochs": 1,
    "max_steps": 30,
    "learning_rate": 0.01,
    "batch_size": 4,
    "grad_accum": 1,
    "warmup_steps": 0,
    "weight_decay": 0.0,
    "max_seq_len": 64,
    "seed": 1,
    "log_every": 1,
    "device": "cpu",
    "save_every": 10,
    "gen_max_new_tokens": 8,
    "gen_temperature": 0.0,
}


def test_trains_writes_adapter_and_eval_predictions(model_dirs, tmp_path):
    cmd, cwd, env = sm_layout(tmp_path, model_dirs["llama"], HPS)
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    evs = parse_events(p.stdout)
    assert evs[0]["type"] == "started" and evs[0]["resumed_from_step"] == 0
    assert any(e["type"] == "metric" and e["name"] == "train/loss" for e in evs)
    assert [e for e in evs if e["type"] == "completed"][0]["step"] == 30
    assert sorted(os.listdir(tmp_path / "model")) == [
        "adapter_config.json",
        "adapter_model.safetensors",
    ]
    preds = read_jsonl(tmp_path / "output" / "data" / "predictions.jsonl")
    assert [r["messages"] for r in preds] == [conv(q, a)["messages"][:-1] for q, a in EVAL]
    assert all(isinstance(r["output"], str) for r in preds)
    assert not (tmp_path / "output" / "failure").exists()

    # mode=generate: a later job given model.tar.gz as the "adapter" channel and the same prompts
    # (greedy) must reproduce the training job's own predictions
    again = generate_job(tmp_path / "gen", cmd, cwd, env, "adapter", tmp_path / "model", preds)
    assert again == [(f"q{i}", r["output"]) for i, r in enumerate(preds)]


def generate_job(gen, cmd, cwd, env, channel, model_dir, preds):
    """A mode=generate job: `model_dir` packed as model.tar.gz into the `channel` channel, the
    prompts of `preds` as "q<i>"; returns its predictions as (id, output)."""
    model_tar(model_dir, gen / channel / "model.tar.gz")
    (gen / "prompts").mkdir()
    write_jsonl(
        gen / "prompts" / "prompts.jsonl",
        [{"id": f"q{i}", "messages": r["messages"]} for i, r in enumerate(preds)],
    )
    (gen / "config").mkdir()
    gen_hps = {
        "mode": "generate",
        "base_model": "unused",
        "device": "cpu",
        "gen_max_new_tokens": 8,
        "gen_temperature": 0.0,
        "gen_top_p": 1.0,
        "gen_stop": [],
    }
    (gen / "config" / "hyperparameters.json").write_text(
        json.dumps({k: json.dumps(v) for k, v in gen_hps.items()})
    )
    genv = {
        **env,
        "SM_INPUT_CONFIG_DIR": str(gen / "config"),
        "SM_CHANNEL_PROMPTS": str(gen / "prompts"),
        f"SM_CHANNEL_{channel.upper()}": str(gen / channel),
        "SM_OUTPUT_DATA_DIR": str(gen / "data"),
        "TUNEBENCH_CHECKPOINT_DIR": str(gen / "run"),
        "SM_MODEL_DIR": str(gen / "model-out"),
    }
    for k in ("SM_CHANNEL_TRAIN", "SM_CHANNEL_EVAL"):
        genv.pop(k)
    p = subprocess.run(cmd[:2], cwd=cwd, env=genv, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    return [(r["id"], r["output"]) for r in read_jsonl(gen / "data" / "predictions.jsonl")]


def test_sigterm_checkpoints_then_a_restarted_job_resumes(model_dirs, tmp_path):
    hps = {**HPS, "max_steps": 80, "save_every": 5}
    cmd, cwd, env = sm_layout(tmp_path, model_dirs["llama"], hps, with_eval=False)
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    first = []
    for line in proc.stdout:  # spot reclaim: SIGTERM once the first checkpoint exists
        first.append(json.loads(line))
        if first[-1]["type"] == "checkpoint":
            proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=300) == 0
    cancelled = [e for e in first if e["type"] == "cancelled"]
    assert cancelled and 0 < cancelled[0]["step"] < 80
    assert not (tmp_path / "model").exists() or not os.listdir(tmp_path / "model")

    # the restarted job finds /opt/ml/checkpoints restored from CheckpointConfig.S3Uri
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    second = parse_events(p.stdout)
    assert second[0]["type"] == "started" and second[0]["resumed_from_step"] == cancelled[0]["step"]
    assert [e for e in second if e["type"] == "completed"][0]["step"] == 80
    assert (tmp_path / "model" / "adapter_model.safetensors").exists()


def test_missing_train_channel_writes_the_failure_reason(model_dirs, tmp_path):
    cmd, cwd, env = sm_layout(tmp_path, model_dirs["llama"], HPS)
    env.pop("SM_CHANNEL_TRAIN")
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert "'train' channel" in (tmp_path / "output" / "failure").read_text()


def test_bad_hyperparameter_fails_with_the_workers_message(model_dirs, tmp_path):
    cmd, cwd, env = sm_layout(tmp_path, model_dirs["llama"], {**HPS, "lora_r": 0})
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert "lora.r must be a positive integer" in (tmp_path / "output" / "failure").read_text()


def _worker_runs_under_torchrun():
    """The worker's `devices` command came with its torchrun support (issue #16); before that,
    two ranks would each train alone into the same folder."""
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "trainers", "local")}
    cmd = [sys.executable, "-m", "worker", "devices"]
    return subprocess.run(cmd, env=env, capture_output=True, timeout=120).returncode == 0


@pytest.mark.skipif(
    not _worker_runs_under_torchrun(), reason="the worker does not train under torchrun yet"
)
def test_under_torchrun_only_rank_0_writes_the_adapter_and_predictions(model_dirs, tmp_path):
    # What the toolkit runs for sagemaker_torch_distributed_enabled on one host with 2 processes
    # (torchrun --nnodes 1 --nproc_per_node 2 worker/sagemaker.py <hps>), on CPU ranks (gloo).
    cmd, cwd, env = sm_layout(tmp_path, model_dirs["llama"], HPS)
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    free = str(port.getsockname()[1])
    port.close()
    launch = [sys.executable, "-m", "torch.distributed.run", "--nnodes", "1"]
    launch += ["--nproc_per_node", "2", "--master_addr", "127.0.0.1", "--master_port", free]
    p = subprocess.run(
        launch + cmd[1:], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert p.returncode == 0, p.stderr[-3000:]
    evs = parse_events(p.stdout)
    assert [e["type"] for e in evs].count("completed") == 2  # rank 0's train and its predictions
    assert sorted(os.listdir(tmp_path / "model")) == [
        "adapter_config.json",
        "adapter_model.safetensors",
    ]
    with open(tmp_path / "output" / "data" / "predictions.jsonl") as f:
        assert len(f.readlines()) == len(EVAL)
    assert not (tmp_path / "output" / "failure").exists()


def model_tar(model_dir, path):
    """What SageMaker uploads as model.tar.gz: the files of SM_MODEL_DIR."""
    path.parent.mkdir(parents=True)
    with tarfile.open(path, "w:gz") as t:
        for name in os.listdir(model_dir):
            t.add(model_dir / name, arcname=name)


def test_full_sft_then_dpo_from_its_model_tar(model_dirs, tmp_path):
    full = {k: v for k, v in HPS.items() if not k.startswith(("lora_", "use_rslora"))}
    full.update(parameters="full", max_steps=4, learning_rate=1e-3, save_every=2)
    cmd, cwd, env = sm_layout(tmp_path / "sft", model_dirs["llama"], full)
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    evs = parse_events(p.stdout)
    done = next(e for e in evs if e["type"] == "completed")
    assert evs[0]["parameters"] == "full" and done["model_path"].endswith("checkpoints/model")
    files = set(os.listdir(tmp_path / "sft" / "model"))
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= files
    preds = read_jsonl(tmp_path / "sft" / "output" / "data" / "predictions.jsonl")
    assert len(preds) == len(EVAL) and all(isinstance(r["output"], str) for r in preds)
    # A later generation job given the full run's model.tar.gz as the "model" channel (what the
    # backend sends for a full run: it is the model, not an adapter) reproduces them (greedy).
    # Its hyperparameters name no usable base model: the channel is the model.
    again = generate_job(
        tmp_path / "gen", cmd, cwd, env, "model", tmp_path / "sft" / "model", preds
    )
    assert again == [(f"q{i}", r["output"]) for i, r in enumerate(preds)]

    # DPO on a LoRA adapter over the full run's model, given as the "init" channel (its model.tar.gz)
    model_tar(tmp_path / "sft" / "model", tmp_path / "dpo" / "init" / "model.tar.gz")
    pref = [
        {
            "input": {"messages": conv(q, a)["messages"][:-1]},
            "preferred_output": [{"role": "assistant", "content": a}],
            "non_preferred_output": [{"role": "assistant", "content": "no"}],
        }
        for q, a in FACTS
    ]
    dpo = {**HPS, "objective": "dpo", "dpo_beta": 0.2, "dpo_loss": "sigmoid", "max_steps": 3}
    cmd, cwd, env = sm_layout(
        tmp_path / "dpo", model_dirs["llama"], dpo, train_rows=pref, eval_rows=pref
    )
    env["SM_CHANNEL_INIT"] = str(tmp_path / "dpo" / "init")
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    evs = parse_events(p.stdout)
    assert (evs[1]["objective"], evs[1]["parameters"]) == (
        "dpo",
        "lora",
    )  # evs[0]: the reference pass
    spec = json.loads((tmp_path / "dpo" / "checkpoints" / "spec.json").read_text())
    assert spec["init_from"].endswith("init-in") and spec["dpo"]["beta"] == 0.2
    first = {e["name"]: e["value"] for e in evs if e["type"] == "metric" and e["step"] == 1}
    assert first["rewards/margins"] == 0 and "eval_rewards/accuracies" in {
        e.get("name") for e in evs
    }
    assert sorted(os.listdir(tmp_path / "dpo" / "model")) == [
        "adapter_config.json",
        "adapter_model.safetensors",
    ]
    preds = read_jsonl(tmp_path / "dpo" / "output" / "data" / "predictions.jsonl")
    assert [r["messages"] for r in preds] == [r["input"]["messages"] for r in pref]
