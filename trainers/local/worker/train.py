"""The training loop: LoRA / QLoRA on a transformers causal LM, reading top to bottom.

AdamW on adapter parameters only, linear warmup then cosine decay, gradient accumulation normalised by the number
of trained tokens in the whole window (transformers PR #34191), norm clipping, bf16 autocast on CUDA, non-reentrant
gradient checkpointing with input grads (transformers #21381), periodic eval loss with early stopping that keeps
the best adapter, resumable checkpoints and SIGTERM handling (finish the step, checkpoint, emit `cancelled`).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import random
import shutil
import signal
import time
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING

import numpy as np
import torch

from . import events
from .checkpoint import latest_checkpoint, load_checkpoint, save_checkpoint, set_rng_state
from .data import Sample, collate, epoch_rows, load_examples
from .export import export_merged
from .lora import adapter_config, inject_lora, save_adapter
from .loss import lm_loss_sum
from .model import count_params, load_model, load_tokenizer, resolve_device
from .spec import TrainingSpec, TrainSpec

if TYPE_CHECKING:
    from transformers import PreTrainedModel

Window = tuple[int, list[list[list[int]]]]  # (epoch, micro-batches of rows of sample indices)


class _StopFlag:
    requested = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        events.logger.info("SIGTERM: finishing the current step, then checkpointing")


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def make_windows(samples: list[Sample], t: TrainingSpec) -> list[Window]:
    """Optimizer steps as lists of micro-batches (lists of rows). Order depends on (seed, epoch) only, so a resumed
    run sees exactly the batches the interrupted one would have. Windows never cross an epoch boundary."""
    windows, epoch = [], 0
    while epoch < t.epochs or (t.max_steps and len(windows) < t.max_steps):
        rows = epoch_rows(samples, epoch, t.seed, t.packing, t.max_seq_len)
        mbs = [rows[i : i + t.batch_size] for i in range(0, len(rows), t.batch_size)]
        windows += [(epoch, mbs[i : i + t.grad_accum]) for i in range(0, len(mbs), t.grad_accum)]
        epoch += 1
    return windows[: t.max_steps] if t.max_steps else windows


def lr_lambda(warmup: int, total: int) -> Callable[[int], float]:
    def f(step: int) -> float:
        if step < warmup:
            return (step + 1) / (warmup + 1)
        progress = (step - warmup) / max(1, total - warmup)
        return 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))

    return f


def enable_checkpointing(model: PreTrainedModel) -> None:
    """Non-reentrant checkpointing per decoder layer. Input grads are switched on as well: with a frozen embedding
    and reentrant checkpointing, LoRA gradients silently vanish (transformers #21381, peft #137)."""
    model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
    model.enable_input_require_grads()


def autocast(device: torch.device) -> contextlib.AbstractContextManager:
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def to_device(batch: dict, device: torch.device) -> dict:
    return {
        k: v.to(device, non_blocking=True) if torch.is_tensor(v) else v for k, v in batch.items()
    }


def forward_backward(
    model: PreTrainedModel,
    samples: list[Sample],
    micro_batches: list[list[list[int]]],
    pad_id: int,
    packing: bool,
    device: torch.device,
) -> tuple[float, int, int]:
    """One accumulation window. Each micro-batch's summed loss is divided by the window's total trained tokens, so
    any split of the same window into micro-batches gives the same gradient. Returns (mean loss, tokens, real)."""
    batches = [collate(samples, rows, pad_id, packing) for rows in micro_batches]
    n_total = sum(int((b["targets"] != -100).sum()) for b in batches)
    loss_sum = 0.0
    for b in batches:
        with autocast(device):
            loss, _ = lm_loss_sum(model, to_device(b, device))
        (loss / max(n_total, 1)).backward()
        loss_sum += loss.item()  # note: CPU-GPU sync point, once per micro-batch
    return loss_sum / max(n_total, 1), n_total, sum(b["n_real"] for b in batches)


@torch.no_grad()
def eval_loss(
    model: PreTrainedModel,
    samples: list[Sample],
    t: TrainingSpec,
    pad_id: int,
    device: torch.device,
) -> float:
    model.eval()
    total, n = 0.0, 0
    for i in range(0, len(samples), t.batch_size):
        rows = [[j] for j in range(i, min(i + t.batch_size, len(samples)))]
        with autocast(device):
            loss, k = lm_loss_sum(model, to_device(collate(samples, rows, pad_id, False), device))
        total, n = total + loss.item(), n + k
    model.train()
    return total / max(n, 1)


def _check_resumable(out_dir: str, spec_dict: dict) -> None:
    path = os.path.join(out_dir, "spec.json")
    if os.path.exists(path):
        with open(path) as f:
            old = json.load(f)
        diff = sorted(k for k in set(old) | set(spec_dict) if old.get(k) != spec_dict.get(k))
        if diff:
            raise ValueError(
                f"--resume: the spec differs from the one {out_dir} was started with in {diff}; "
                "resume with the original spec or start a new output folder"
            )
    with open(path, "w") as f:
        json.dump(spec_dict, f, indent=2)


def train(spec: TrainSpec, out_dir: str, resume: bool = False) -> int:
    t = spec.training
    stop = _StopFlag()
    signal.signal(signal.SIGTERM, stop)
    os.makedirs(out_dir, exist_ok=True)
    _check_resumable(out_dir, spec.to_dict()) if resume else _write_spec(out_dir, spec.to_dict())
    device, dtype = resolve_device(spec.device)
    torch.use_deterministic_algorithms(True, warn_only=True)
    seed_everything(t.seed)

    tok = load_tokenizer(spec.base_model)
    pad_id = tok.pad_token_id if tok.pad_token_id is not None else (tok.eos_token_id or 0)
    samples, truncated = load_examples(spec.train_file, tok, t.max_seq_len)
    eval_samples = load_examples(spec.eval_file, tok, t.max_seq_len)[0] if spec.eval_file else None
    if truncated:
        events.log(
            f"{truncated} training example(s) were longer than max_seq_len={t.max_seq_len} and were truncated",
            "warning",
        )
    model = load_model(spec.base_model, device, dtype)
    total_params = count_params(model)
    quant = {"double_quant": spec.quantization.double_quant} if spec.quantization else None
    targets = inject_lora(
        model,
        spec.lora.r,
        spec.lora.alpha,
        spec.lora.dropout,
        spec.lora.use_rslora,
        spec.lora.target_modules,
        quant,
    )
    adapter_cfg = adapter_config(spec.lora, targets, spec.base_model)
    if t.gradient_checkpointing:
        enable_checkpointing(model)
    params = [p for p in model.parameters() if p.requires_grad]
    trainable = sum(p.numel() for p in params)
    opt = torch.optim.AdamW(params, lr=t.learning_rate, weight_decay=t.weight_decay)
    windows = make_windows(samples, t)
    total = len(windows)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda(t.warmup_steps, total))

    progress = {"step": 0, "tokens_seen": 0, "best_loss": None, "best_step": None, "bad_evals": 0}
    ckpt = latest_checkpoint(out_dir) if resume else None
    if resume and ckpt is None:
        events.log(
            f"--resume: no checkpoint in {out_dir}/checkpoints, starting from step 0", "warning"
        )
    if ckpt:
        state = load_checkpoint(ckpt, model, opt, sched)
        progress = state["progress"]
        set_rng_state(state["rng"])  # last: everything above may have drawn random numbers
    start = progress["step"]
    events.emit(
        "started",
        device=device.type,
        dtype=str(dtype).removeprefix("torch."),
        total_steps=total,
        trainable_params=trainable,
        total_params=total_params + trainable,
        resumed_from_step=start,
    )

    model.train()
    t0, tokens_this_run, last_ckpt = time.time(), 0, ckpt
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    step, early = start, False
    while step < total and not stop.requested and not early:
        epoch, micro_batches = windows[step]
        lr = sched.get_last_lr()[0]
        loss, _, n_real = forward_backward(model, samples, micro_batches, pad_id, t.packing, device)
        if t.max_grad_norm:
            grad_norm = float(torch.nn.utils.clip_grad_norm_(params, t.max_grad_norm))
        else:
            grad_norm = float(
                torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in params]))
            )
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        progress["step"] = step
        progress["tokens_seen"] += n_real
        tokens_this_run += n_real

        if step % t.log_every == 0 or step == total:
            elapsed = time.time() - t0
            events.emit(
                "progress",
                step=step,
                total_steps=total,
                epoch=epoch + (step - _epoch_start(windows, step - 1)) / _epoch_len(windows, epoch),
                tokens_seen=progress["tokens_seen"],
                tokens_per_s=tokens_this_run / max(elapsed, 1e-9),
                eta_s=elapsed / (step - start) * (total - step),
                peak_mem_bytes=events.peak_mem_bytes(device),
            )
            for name, value in (
                ("train/loss", loss),
                ("train/lr", lr),
                ("train/grad_norm", grad_norm),
            ):
                events.emit("metric", step=step, name=name, value=value)
        if eval_samples and ((t.eval_every and step % t.eval_every == 0) or step == total):
            early = _evaluate(
                model, eval_samples, t, pad_id, device, step, progress, out_dir, adapter_cfg
            )
        if t.save_every and step % t.save_every == 0 and step < total:
            last_ckpt = save_checkpoint(out_dir, step, model, opt, sched, progress, adapter_cfg)
            events.emit("checkpoint", step=step, path=last_ckpt)

    if stop.requested and step < total and not early:
        if not last_ckpt or not last_ckpt.endswith(f"step_{step:06d}"):
            last_ckpt = save_checkpoint(out_dir, step, model, opt, sched, progress, adapter_cfg)
            events.emit("checkpoint", step=step, path=last_ckpt)
        events.emit("cancelled", step=step, checkpoint=last_ckpt)
        return 0

    adapter_dir = os.path.join(out_dir, "adapter")
    best_dir = os.path.join(out_dir, "best")
    if t.early_stopping_patience and os.path.isdir(best_dir):
        shutil.rmtree(adapter_dir, ignore_errors=True)
        # early stopping keeps the best eval step, not the last one
        shutil.copytree(best_dir, adapter_dir)
    else:
        save_adapter(model, adapter_dir, adapter_cfg)
    events.emit("artifact", kind="adapter", path=adapter_dir)
    if spec.export_merged:
        if t.early_stopping_patience and os.path.isdir(best_dir):
            from safetensors.torch import load_file

            from .lora import load_adapter_state

            load_adapter_state(
                model, load_file(os.path.join(best_dir, "adapter_model.safetensors"))
            )
        merged = export_merged(model, tok, os.path.join(out_dir, "merged"), dtype)
        events.emit("artifact", kind="merged", path=merged)
    events.emit("completed", step=step, adapter_path=adapter_dir, best_step=progress["best_step"])
    return 0


def _write_spec(out_dir: str, spec_dict: dict) -> None:
    with open(os.path.join(out_dir, "spec.json"), "w") as f:
        json.dump(spec_dict, f, indent=2)


def _epoch_start(windows: list[Window], i: int) -> int:
    e = windows[i][0]
    while i > 0 and windows[i - 1][0] == e:
        i -= 1
    return i


def _epoch_len(windows: list[Window], epoch: int) -> int:
    return sum(1 for e, _ in windows if e == epoch)


def _evaluate(
    model: PreTrainedModel,
    eval_samples: list[Sample],
    t: TrainingSpec,
    pad_id: int,
    device: torch.device,
    step: int,
    progress: dict,
    out_dir: str,
    adapter_cfg: dict,
) -> bool:
    """Eval loss; saves DIR/best on improvement. Returns True when early stopping should end training."""
    loss = eval_loss(model, eval_samples, t, pad_id, device)
    events.emit("metric", step=step, name="eval/loss", value=loss)
    if progress["best_loss"] is None or loss < progress["best_loss"]:
        progress.update(best_loss=loss, best_step=step, bad_evals=0)
        save_adapter(model, os.path.join(out_dir, "best"), adapter_cfg)
        return False
    progress["bad_evals"] += 1
    if t.early_stopping_patience and progress["bad_evals"] >= t.early_stopping_patience:
        events.log(
            f"early stopping at step {step}: eval loss has not improved for {progress['bad_evals']} evals; "
            f"keeping step {progress['best_step']}"
        )
        return True
    return False
