"""SageMaker entry point (`sagemaker_program = worker/sagemaker.py`): runs the worker unchanged inside the
Hugging Face PyTorch training container.

The sagemaker-training toolkit extracts sourcedir.tar.gz (which holds this `worker` package) into
/opt/ml/code and runs `python worker/sagemaker.py --<hp> <value> ...`. We ignore those arguments and
read the same hyperparameters, already JSON-decoded, from SM_HPS. Then:
  1. map SM_* variables, hyperparameters and the train/eval channels to a worker train spec;
  2. `python -m worker train --out /opt/ml/checkpoints [--resume]`: the checkpoint folder is the run
     folder, so a job restarted after a spot interruption (SageMaker restores the folder from
     CheckpointConfig.S3Uri) continues from its newest checkpoint;
  3. copy the adapter to SM_MODEL_DIR (uploaded as model.tar.gz);
  4. with an eval channel, generate predictions for the eval split into
     SM_OUTPUT_DATA_DIR/predictions.jsonl (uploaded as output.tar.gz), so evaluation needs no endpoint.
With the hyperparameter mode="generate" it only predicts: a "prompts" channel ({"id", "messages"} lines)
and an optional "adapter" channel (a training job's model.tar.gz) give the same predictions.jsonl.
Worker events stay on stdout, where CloudWatch Logs and the MetricDefinitions see them.
"""

import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile

PKG_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN_KEYS = {
    "gen_max_new_tokens": "max_new_tokens",
    "gen_temperature": "temperature",
    "gen_top_p": "top_p",
    "gen_stop": "stop",
}


def hyperparameters() -> dict:
    """SM_HPS, or the raw hyperparameters.json (values JSON-encoded as CreateTrainingJob sent them)."""
    if os.environ.get("SM_HPS"):
        return json.loads(os.environ["SM_HPS"])
    path = os.path.join(
        os.environ.get("SM_INPUT_CONFIG_DIR", "/opt/ml/input/config"), "hyperparameters.json"
    )
    raw = {}
    if os.path.isfile(path):
        with open(path) as f:
            raw = json.load(f)
    out = {}
    for k, v in raw.items():
        try:
            out[k] = json.loads(v)
        except (TypeError, ValueError):
            out[k] = v  # the toolkit passes a non-JSON value through raw, and so do we
    return {k: v for k, v in out.items() if not k.startswith("sagemaker_")}


def channel_file(name: str) -> str | None:
    """The single .jsonl file of a channel, or None when the job has no such channel."""
    d = os.environ.get(f"SM_CHANNEL_{name.upper()}")
    if not d or not os.path.isdir(d):
        return None
    files = sorted(glob.glob(os.path.join(d, "**", "*.jsonl"), recursive=True))
    if len(files) != 1:
        raise ValueError(
            f"channel {name!r} ({d}) must hold exactly one .jsonl file, found {len(files)}"
        )
    return files[0]


def train_spec(hp: dict, train_file: str, eval_file: str | None) -> dict:
    model_dir = os.environ.get("SM_CHANNEL_MODEL")  # an optional "model" channel beats the hub id
    quant = hp.get("quantization")
    training = {
        k: hp[k]
        for k in (
            "epochs",
            "max_steps",
            "learning_rate",
            "batch_size",
            "grad_accum",
            "warmup_steps",
            "weight_decay",
            "max_seq_len",
            "seed",
            "log_every",
            "save_every",
        )
        if k in hp
    }
    return {
        "base_model": model_dir or hp["base_model"],
        "train_file": train_file,
        "eval_file": eval_file,
        "lora": {
            "r": hp.get("lora_r", 8),
            "alpha": hp.get("lora_alpha", 16),
            "dropout": hp.get("lora_dropout", 0.05),
            "target_modules": hp.get("lora_target_modules"),
            "use_rslora": hp.get("use_rslora", False),
        },
        "quantization": {"type": quant, "double_quant": hp.get("double_quant", True)}
        if quant
        else None,
        "training": training,
        "export_merged": False,
        "device": hp.get("device", "auto"),
    }


def run_worker(args: list[str]) -> tuple[int, str | None]:
    """Runs `python -m worker ARGS`, passing its stdout through; returns (exit code, last failure message)."""
    env = {
        **os.environ,
        "PYTHONPATH": PKG_PARENT + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "PYTHONUNBUFFERED": "1",
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "worker", *args], stdout=subprocess.PIPE, text=True, env=env
    )
    # SageMaker stops a job (StopTrainingJob, spot reclaim) with SIGTERM to us; the worker finishes its
    # step and checkpoints, so hand the signal on and wait for it.
    signal.signal(signal.SIGTERM, lambda *_: child.send_signal(signal.SIGTERM))
    failure = None
    for line in child.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        if ev.get("type") == "failed":
            failure = ev.get("error")
        if ev.get("type") == "cancelled":
            failure = "cancelled"
    return child.wait(), failure


def prompts_from_eval(eval_file: str, path: str) -> list[dict]:
    """Eval lines are whole conversations; the prompt is everything before the final assistant turn."""
    rows = []
    with open(eval_file) as f:
        for i, line in enumerate(s for s in f if s.strip()):
            msgs = json.loads(line)["messages"]
            if msgs and msgs[-1]["role"] == "assistant":
                msgs = msgs[:-1]
            rows.append({"id": str(i), "messages": msgs})
    with open(path, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    return rows


def fail(message: str) -> int:
    out = os.environ.get("SM_OUTPUT_DIR", "/opt/ml/output")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "failure"), "w") as f:  # becomes the job's FailureReason
        f.write(message)
    print(f"error: {message}", file=sys.stderr)
    return 1


def main() -> int:
    hp = hyperparameters()
    run_dir = os.environ.get("TUNEBENCH_CHECKPOINT_DIR", "/opt/ml/checkpoints")
    model_dir = os.environ.get("SM_MODEL_DIR", "/opt/ml/model")
    data_dir = os.environ.get("SM_OUTPUT_DATA_DIR", "/opt/ml/output/data")
    for d in (run_dir, model_dir, data_dir):
        os.makedirs(d, exist_ok=True)
    if hp.get("mode") == "generate":
        return generate_only(hp, run_dir, data_dir)
    train_file, eval_file = channel_file("train"), channel_file("eval")
    if train_file is None:
        return fail("the job has no 'train' channel (SM_CHANNEL_TRAIN)")
    spec_path = os.path.join(run_dir, "sagemaker-spec.json")
    with open(spec_path, "w") as f:
        json.dump(train_spec(hp, train_file, eval_file), f, indent=2)

    resume = bool(glob.glob(os.path.join(run_dir, "checkpoints", "step_*")))
    code, failure = run_worker(
        ["train", "--spec", spec_path, "--out", run_dir] + (["--resume"] if resume else [])
    )
    if failure == "cancelled":
        return 0  # SageMaker is stopping the job; the checkpoint is already synced
    if code != 0:
        return fail(f"training failed: {failure or f'worker exited with code {code}'}")
    adapter = os.path.join(run_dir, "adapter")
    for name in os.listdir(adapter):
        shutil.copy2(os.path.join(adapter, name), os.path.join(model_dir, name))

    if eval_file is None:
        return 0
    prompts_path = os.path.join(run_dir, "eval-prompts.jsonl")
    return predict(
        hp, prompts_from_eval(eval_file, prompts_path), prompts_path, model_dir, run_dir, data_dir
    )


def predict(
    hp: dict,
    rows: list[dict],
    prompts_path: str,
    adapter: str | None,
    run_dir: str,
    data_dir: str,
) -> int:
    """`python -m worker generate`, then predictions.jsonl lines {"id", "messages", "output"} in data_dir."""
    gen = {
        "base_model": os.environ.get("SM_CHANNEL_MODEL") or hp["base_model"],
        "adapter": adapter,
        "prompts_file": prompts_path,
        "device": hp.get("device", "auto"),
        **{GEN_KEYS[k]: v for k, v in hp.items() if k in GEN_KEYS},
    }
    gen_path = os.path.join(run_dir, "sagemaker-generate.json")
    with open(gen_path, "w") as f:
        json.dump(gen, f)
    raw = os.path.join(run_dir, "predictions-raw.jsonl")
    code, failure = run_worker(["generate", "--spec", gen_path, "--out", raw])
    if code != 0:
        return fail(f"predictions failed: {failure or f'worker exited with code {code}'}")
    outputs = {}
    with open(raw) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                outputs[r["id"]] = r["output"]
    with open(os.path.join(data_dir, "predictions.jsonl"), "w") as f:
        for r in rows:
            f.write(
                json.dumps({"id": r["id"], "messages": r["messages"], "output": outputs[r["id"]]})
                + "\n"
            )
    return 0


def adapter_from_channel(run_dir: str) -> str | None:
    """The "adapter" channel holds a training job's model.tar.gz (or the adapter files themselves)."""
    d = os.environ.get("SM_CHANNEL_ADAPTER")
    if not d or not os.path.isdir(d):
        return None
    for archive in glob.glob(os.path.join(d, "**", "*.tar.gz"), recursive=True):
        dest = os.path.join(run_dir, "adapter-in")
        with tarfile.open(archive) as t:
            t.extractall(dest, filter="data")
        d = dest
    found = glob.glob(os.path.join(d, "**", "adapter_config.json"), recursive=True)
    if not found:
        raise ValueError(f"the adapter channel ({d}) has no adapter_config.json")
    return os.path.dirname(found[0])


def generate_only(hp: dict, run_dir: str, data_dir: str) -> int:
    prompts_path = channel_file("prompts")
    if prompts_path is None:
        return fail("mode=generate needs a 'prompts' channel (SM_CHANNEL_PROMPTS)")
    with open(prompts_path) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return predict(hp, rows, prompts_path, adapter_from_channel(run_dir), run_dir, data_dir)


if __name__ == "__main__":
    sys.exit(main())
