"""SageMaker entry point (`sagemaker_program = worker/sagemaker.py`): runs the worker unchanged inside the
Hugging Face PyTorch training container.

The sagemaker-training toolkit extracts sourcedir.tar.gz (which holds this `worker` package) into
/opt/ml/code and runs `python worker/sagemaker.py --<hp> <value> ...`. We ignore those arguments and
read the same hyperparameters, already JSON-decoded, from SM_HPS. Then:
  1. map SM_* variables, hyperparameters and the channels to a worker train spec (train_spec below:
     objective, parameters, lora_*, dpo_*, quantization and training keys; an "init" channel holding an
     adapter or model folder, or a training job's model.tar.gz, becomes init_from);
  2. `python -m worker train --out /opt/ml/checkpoints [--resume]`: the checkpoint folder is the run
     folder, so a job restarted after a spot interruption (SageMaker restores the folder from
     CheckpointConfig.S3Uri) continues from its newest checkpoint;
  3. copy the adapter (LoRA / QLoRA) or the model folder (full) to SM_MODEL_DIR (uploaded as model.tar.gz);
  4. with an eval channel, generate predictions for the eval split (SFT conversations or preference pairs,
     whose prompt is input.messages) into SM_OUTPUT_DATA_DIR/predictions.jsonl (uploaded as
     output.tar.gz), so evaluation needs no endpoint.
With the hyperparameter mode="generate" it only predicts: a "prompts" channel ({"id", "messages"} lines)
and an optional "adapter" channel (a training job's model.tar.gz), or a "model" channel holding a full
run's model.tar.gz, give the same predictions.jsonl.
Worker events stay on stdout, where CloudWatch Logs and the MetricDefinitions see them.
On several GPUs (sagemaker_torch_distributed_enabled) the toolkit starts this script once per rank
under torchrun; each rank runs the worker with torchrun's environment, and only rank 0 (on the first
host) copies the adapter and predicts.
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
TRAINING_KEYS = (
    "epochs",
    "max_steps",
    "learning_rate",
    "batch_size",
    "grad_accum",
    "warmup_steps",
    "weight_decay",
    "max_grad_norm",
    "max_seq_len",
    "gradient_checkpointing",
    "seed",
    "log_every",
    "save_every",
)
LORA_KEYS = {
    "lora_r": "r",
    "lora_alpha": "alpha",
    "lora_dropout": "dropout",
    "lora_target_modules": "target_modules",
    "use_rslora": "use_rslora",
}
DPO_KEYS = {"dpo_beta": "beta", "dpo_loss": "loss", "dpo_label_smoothing": "label_smoothing"}
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


def train_spec(hp: dict, train_file: str, eval_file: str | None, run_dir: str) -> dict:
    """The worker's train spec from hyperparameters: only the keys a job sets, so that the worker's defaults and
    its refusals (e.g. lora_* with parameters "full") apply unchanged."""
    quant = hp.get("quantization")
    lora = {v: hp[k] for k, v in LORA_KEYS.items() if k in hp}
    dpo = {v: hp[k] for k, v in DPO_KEYS.items() if k in hp}
    return {
        "base_model": base_model(hp, run_dir),
        "train_file": train_file,
        "eval_file": eval_file,
        "objective": hp.get("objective", "sft"),
        "parameters": hp.get("parameters"),
        "lora": lora or None,
        "quantization": {"type": quant, "double_quant": hp.get("double_quant", True)}
        if quant
        else None,
        "dpo": dpo or None,
        "init_from": channel_folder("init", run_dir, ("adapter_config.json", "config.json")),
        "training": {k: hp[k] for k in TRAINING_KEYS if k in hp},
        "export_merged": False,
        "device": hp.get("device", "auto"),
    }


def base_model(hp: dict, run_dir: str) -> str:
    """An optional "model" channel (a model folder, or a full run's model.tar.gz) beats the hub id."""
    return channel_folder("model", run_dir, ("config.json",)) or hp["base_model"]


# torchrun's variables: a worker started without them is one process, not a rank of this job.
TORCHRUN_ENV = ("RANK", "WORLD_SIZE", "LOCAL_RANK", "LOCAL_WORLD_SIZE", "GROUP_RANK", "ROLE_RANK")
TORCHRUN_ENV += ("ROLE_WORLD_SIZE", "GROUP_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")


def run_worker(args: list[str], alone: bool = False) -> tuple[int, str | None]:
    """Runs `python -m worker ARGS`, passing its stdout through; returns (exit code, last failure
    message). `alone` runs it as one process even when this script is a torchrun rank."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not (alone and (k in TORCHRUN_ENV or k.startswith("TORCHELASTIC_")))
    }
    env.update(
        PYTHONPATH=PKG_PARENT + os.pathsep + os.environ.get("PYTHONPATH", ""),
        PYTHONUNBUFFERED="1",
    )
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
    """Eval lines are whole conversations (the prompt is everything before the final assistant turn) or preference
    pairs (the prompt is input.messages)."""
    rows = []
    with open(eval_file) as f:
        for i, line in enumerate(s for s in f if s.strip()):
            obj = json.loads(line)
            msgs = obj["input"]["messages"] if "input" in obj else obj["messages"]
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
    rank = int(os.environ.get("RANK", "0"))
    tmp = f"{spec_path}.{rank}.tmp"  # the ranks of a host write the same spec at the same time
    with open(tmp, "w") as f:
        json.dump(train_spec(hp, train_file, eval_file, run_dir), f, indent=2)
    os.replace(tmp, spec_path)

    resume = bool(glob.glob(os.path.join(run_dir, "checkpoints", "step_*")))
    code, failure = run_worker(
        ["train", "--spec", spec_path, "--out", run_dir] + (["--resume"] if resume else [])
    )
    if failure == "cancelled":
        return 0  # SageMaker is stopping the job; the checkpoint is already synced
    if code != 0:
        return fail(f"training failed: {failure or f'worker exited with code {code}'}")
    if rank != 0:
        return 0  # the model files and predictions are rank 0's
    # a LoRA / QLoRA run leaves DIR/adapter, a full run DIR/model: either becomes model.tar.gz
    full = os.path.isdir(os.path.join(run_dir, "model"))
    out = os.path.join(run_dir, "model" if full else "adapter")
    for name in os.listdir(out):
        shutil.copy2(os.path.join(out, name), os.path.join(model_dir, name))

    if eval_file is None:
        return 0
    prompts_path = os.path.join(run_dir, "eval-prompts.jsonl")
    rows = prompts_from_eval(eval_file, prompts_path)
    if full:
        return predict(hp, rows, prompts_path, None, run_dir, data_dir, model_dir)
    return predict(hp, rows, prompts_path, model_dir, run_dir, data_dir)


def predict(
    hp: dict,
    rows: list[dict],
    prompts_path: str,
    adapter: str | None,
    run_dir: str,
    data_dir: str,
    model: str | None = None,
) -> int:
    """`python -m worker generate`, then predictions.jsonl lines {"id", "messages", "output"} in data_dir."""
    gen = {
        "base_model": model or base_model(hp, run_dir),
        "adapter": adapter,
        "prompts_file": prompts_path,
        "device": hp.get("device", "auto"),
        **{GEN_KEYS[k]: v for k, v in hp.items() if k in GEN_KEYS},
    }
    gen_path = os.path.join(run_dir, "sagemaker-generate.json")
    with open(gen_path, "w") as f:
        json.dump(gen, f)
    raw = os.path.join(run_dir, "predictions-raw.jsonl")
    code, failure = run_worker(["generate", "--spec", gen_path, "--out", raw], alone=True)
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


def channel_folder(name: str, run_dir: str, markers: tuple[str, ...]) -> str | None:
    """The folder a channel delivers: the files themselves, or a training job's model.tar.gz unpacked into the run
    folder. The first folder holding one of `markers` (e.g. adapter_config.json) is returned; without any, the
    channel folder itself (e.g. a .gguf file's folder). None when the job has no such channel."""
    d = os.environ.get(f"SM_CHANNEL_{name.upper()}")
    if not d or not os.path.isdir(d):
        return None
    for archive in glob.glob(os.path.join(d, "**", "*.tar.gz"), recursive=True):
        dest = os.path.join(run_dir, f"{name}-in")
        with tarfile.open(archive) as t:
            t.extractall(dest, filter="data")
        d = dest
    for marker in markers:
        found = sorted(glob.glob(os.path.join(d, "**", marker), recursive=True))
        if found:
            return os.path.dirname(found[0])
    return d


def generate_only(hp: dict, run_dir: str, data_dir: str) -> int:
    prompts_path = channel_file("prompts")
    if prompts_path is None:
        return fail("mode=generate needs a 'prompts' channel (SM_CHANNEL_PROMPTS)")
    with open(prompts_path) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    adapter = channel_folder("adapter", run_dir, ("adapter_config.json",))
    if adapter is not None and not os.path.isfile(os.path.join(adapter, "adapter_config.json")):
        raise ValueError(f"the adapter channel ({adapter}) has no adapter_config.json")
    return predict(hp, rows, prompts_path, adapter, run_dir, data_dir)


if __name__ == "__main__":
    sys.exit(main())
