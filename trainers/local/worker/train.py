"""The training loop, reading top to bottom: an objective (SFT or DPO: sft.py, dpo.py) on a policy (LoRA, QLoRA or
every weight: policy.py) of a transformers causal LM.

AdamW (weight decay on matrices and embeddings, not on biases and norms), linear warmup then cosine decay, gradient
accumulation normalised over the whole window, norm clipping, bf16 autocast on CUDA, non-reentrant gradient
checkpointing, periodic evaluation with early stopping that keeps the best policy, resumable checkpoints and SIGTERM
handling (finish the step, checkpoint, emit `cancelled`). The memory a run needs is estimated before the model is
loaded, and a run that cannot fit is refused (memory.py).

Under torchrun each rank trains on its rows of every micro-batch; an adapter's gradients are summed over the ranks
before each optimizer step (dist.py), full fine-tuning is sharded with FSDP2 (fsdp.py); only rank 0 writes events,
checkpoints and artifacts. training.batch_size is per device: the global batch is batch_size x grad_accum x ranks,
and a 1-rank run with batch_size B·N takes the same steps as N ranks with batch_size B. Which rows each step takes,
also after --resume on another number of ranks: plan.py.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import time
from types import FrameType
from typing import TYPE_CHECKING

import numpy as np
import torch

from . import dist, events
from .checkpoint import (
    latest_checkpoint,
    load_checkpoint,
    read_state,
    save_checkpoint,
    set_rng_state,
)
from .dpo import Dpo
from .export import export_merged
from .memory import check_fits
from .model import load_tokenizer, resolve_device
from .model_folder import replace_dir
from .plan import lr_schedule, plan_steps
from .policy import Policy, build_policy, model_source
from .sft import Sft

if TYPE_CHECKING:
    from .spec import TrainingSpec, TrainSpec


class _StopFlag:
    requested = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        events.logger.info("SIGTERM: finishing the current step, then checkpointing")


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def make_optimizer(
    params: list[torch.nn.Parameter], t: TrainingSpec, device: torch.device
) -> torch.optim.AdamW:
    groups = [
        {"params": [p for p in params if p.ndim >= 2], "weight_decay": t.weight_decay},
        {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0},
    ]
    # fused on CUDA: one kernel, no full-size temporaries (what memory.py counts on)
    fused = True if device.type == "cuda" else None
    return torch.optim.AdamW([g for g in groups if g["params"]], lr=t.learning_rate, fused=fused)


def optimizer_step(
    params: list[torch.nn.Parameter],
    opt: torch.optim.Optimizer,
    sched: torch.optim.lr_scheduler.LRScheduler,
    max_grad_norm: float | None,
) -> float:
    """Clip, step, advance the schedule, clear the gradients. Returns the norm before clipping."""
    if max_grad_norm:
        norm = torch.nn.utils.clip_grad_norm_(params, max_grad_norm)
    else:
        norm = torch.nn.utils.get_total_norm([p.grad for p in params if p.grad is not None])
    # sharded (FSDP) gradients give a DTensor norm, the same on every rank
    grad_norm = float(norm.full_tensor() if hasattr(norm, "full_tensor") else norm)
    opt.step()
    sched.step()
    opt.zero_grad(set_to_none=True)
    return grad_norm


def _check_resumable(out_dir: str, spec_dict: dict, write: bool = True) -> None:
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
    if write:
        _write_spec(out_dir, spec_dict)


def _write_spec(out_dir: str, spec_dict: dict) -> None:
    # atomic: under torchrun the other ranks may be reading it (--resume)
    path = os.path.join(out_dir, "spec.json")
    with open(path + ".tmp", "w") as f:
        json.dump(spec_dict, f, indent=2)
    os.replace(path + ".tmp", path)


def train(spec: TrainSpec, out_dir: str, resume: bool = False) -> int:
    t = spec.training
    stop = _StopFlag()
    signal.signal(signal.SIGTERM, stop)
    ranks = dist.from_env()
    os.makedirs(out_dir, exist_ok=True)
    if resume:
        _check_resumable(out_dir, spec.to_dict(), write=ranks.main)
    elif ranks.main:
        _write_spec(out_dir, spec.to_dict())
    device, dtype = resolve_device(spec.device)
    dist.start(ranks, device.type == "cuda")
    if ranks.active and device.type == "cuda":
        device = torch.device("cuda", ranks.local_rank)
    torch.use_deterministic_algorithms(True, warn_only=True)
    seed_everything(t.seed)

    tok = load_tokenizer(model_source(spec))
    objective = (Dpo if spec.objective == "dpo" else Sft)(spec, tok)
    if objective.truncated:
        events.log(
            f"{objective.truncated} training example(s) were longer than max_seq_len={t.max_seq_len} and were "
            "truncated",
            "warning",
        )
    progress = {"step": 0, "tokens_seen": 0, "best_loss": None, "best_step": None, "bad_evals": 0}
    progress["world_size"] = ranks.world
    ckpt = latest_checkpoint(out_dir) if resume else None
    if resume and ckpt is None:
        events.log(
            f"--resume: no checkpoint in {out_dir}/checkpoints, starting from step 0", "warning"
        )
    state = read_state(ckpt) if ckpt else None
    if state:
        progress = state["progress"]
        written = progress.setdefault("world_size", 1)
        # a sharded checkpoint's shards belong to its ranks; an adapter's rows are re-cut (plan.py)
        if written != ranks.world and spec.parameters == "full":
            raise ValueError(
                f"--resume: {ckpt} was written by {written} rank(s), this run has {ranks.world}; a full "
                "fine-tuning checkpoint resumes on as many devices"
            )
    # the steps this process takes: all of them, or those after the checkpoint's (plan.py)
    windows = [
        w._replace(micro_batches=[dist.shard(mb, ranks, t.batch_size) for mb in w.micro_batches])
        for w in plan_steps(objective.items, t, ranks.world, progress)
    ]
    progress["world_size"] = ranks.world
    start = progress["step"]
    total = start + len(windows)
    estimate, have = check_fits(
        spec, [objective.shape(mb) for w in windows for mb in w.micro_batches if mb], device, dtype
    )
    policy = build_policy(spec, tok, device, dtype, shard=ranks.active)
    ranks.lockstep = policy.sharded
    model, params = policy.model, policy.params()
    opt = make_optimizer(params, t, device)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lr_schedule(t.warmup_steps, progress["schedule"])
    )
    # DPO: the starting policy's reference log-probs
    objective.prepare(model, out_dir, resume, device, write=ranks.main)

    if state:
        load_checkpoint(ckpt, state, policy, opt, sched)
        set_rng_state(state["rng"])  # last: everything above may have drawn random numbers
    trainable = sum(p.numel() for p in params)
    events.emit(
        "started",
        device=device.type,
        dtype=str(dtype).removeprefix("torch."),
        objective=spec.objective,
        parameters=spec.parameters,
        total_steps=total,
        trainable_params=trainable,
        total_params=policy.total_params,
        memory_estimate_bytes=estimate.total if estimate else None,
        memory_available_bytes=have,
        resumed_from_step=start,
        world_size=ranks.world,
    )

    model.train()
    t0, tokens_this_run, last_ckpt = time.time(), 0, ckpt
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    step, early, stopping, rank_tokens = start, False, False, 0
    while step < total and not stopping and not early:
        window = windows[step - start]
        lr = sched.get_last_lr()[0]
        result = objective.step(model, window.micro_batches, device, ranks)
        if not policy.sharded:  # FSDP reduce-scatters in backward
            ranks.sum_grads(params)
        # the ranks agree on the window's numbers and on stopping (SIGTERM may reach them a step apart)
        *means, n_real, stops = ranks.sum(
            [result.loss, *result.metrics.values(), result.n_real, float(stop.requested)], device
        )
        stopping = stops > 0
        loss, step_metrics = means[0], dict(zip(result.metrics, means[1:], strict=True))
        grad_norm = optimizer_step(params, opt, sched, t.max_grad_norm)
        step += 1
        progress["step"] = step
        progress["position"] = [window.epoch, window.end]
        progress["tokens_seen"] += int(n_real)
        tokens_this_run += int(n_real)
        rank_tokens += result.n_real

        if step % t.log_every == 0 or step == total:
            elapsed = max(time.time() - t0, 1e-9)
            peaks = ranks.gather(events.peak_mem_bytes(device), device)
            rank_rates = ranks.gather(rank_tokens / elapsed, device)
            events.emit(
                "progress",
                step=step,
                total_steps=total,
                epoch=window.epoch + window.end / window.epoch_rows,
                tokens_seen=progress["tokens_seen"],
                tokens_per_s=tokens_this_run / elapsed,
                eta_s=elapsed / (step - start) * (total - step),
                peak_mem_bytes=int(max(peaks)),
                world_size=ranks.world,
                rank_tokens_per_s=rank_rates,
                rank_peak_mem_bytes=[int(p) for p in peaks],
            )
            metrics = {"train/loss": loss, "train/lr": lr, "train/grad_norm": grad_norm}
            for name, value in {**metrics, **step_metrics}.items():
                events.emit("metric", step=step, name=name, value=value)
        if objective.eval_items and ((t.eval_every and step % t.eval_every == 0) or step == total):
            early = _evaluate(objective, policy, t, device, step, progress, out_dir, ranks.main)
        if t.save_every and step % t.save_every == 0 and step < total:
            last_ckpt = _checkpoint(out_dir, step, policy, opt, sched, progress, ranks)

    if stopping and step < total and not early:
        if not last_ckpt or not last_ckpt.endswith(f"step_{step:06d}"):
            last_ckpt = _checkpoint(out_dir, step, policy, opt, sched, progress, ranks)
        events.emit("cancelled", step=step, checkpoint=last_ckpt)
        return 0
    _finish(spec, policy, out_dir, dtype, progress["best_step"] is not None, ranks.main)
    ranks.barrier()  # the run is complete when rank 0's artifacts are
    path = os.path.join(out_dir, policy.kind)
    events.emit(
        "completed", step=step, best_step=progress["best_step"], **{f"{policy.kind}_path": path}
    )
    return 0


def _checkpoint(
    out_dir: str,
    step: int,
    policy: Policy,
    opt: torch.optim.Optimizer,
    sched: torch.optim.lr_scheduler.LRScheduler,
    progress: dict,
    ranks: dist.Ranks,
) -> str:
    path = save_checkpoint(out_dir, step, policy, opt, sched, progress, ranks)
    events.emit("checkpoint", step=step, path=path)
    return path


def _finish(
    spec: TrainSpec,
    policy: Policy,
    out_dir: str,
    dtype: torch.dtype,
    evaluated: bool,
    main: bool = True,
) -> None:
    """DIR/adapter or DIR/model: the best eval step's with early stopping (DIR/best, written at the first
    evaluation), else the last step's. Rank 0 writes; a sharded model is gathered by every rank, so every rank
    decides from the same state (not from whether rank 0's DIR/best is there yet)."""
    final, best = os.path.join(out_dir, policy.kind), os.path.join(out_dir, "best")
    keep_best = spec.training.early_stopping_patience and evaluated
    if keep_best:
        if main:
            shutil.rmtree(final + ".tmp", ignore_errors=True)
            shutil.copytree(best, final + ".tmp")
            replace_dir(final + ".tmp", final)
    else:
        policy.save(final, write=main)
    if not main:
        return
    events.emit("artifact", kind=policy.kind, path=final)
    if spec.export_merged and policy.sharded:
        # every weight trained: the merged export holds the same weights as DIR/model
        merged = os.path.join(out_dir, "merged")
        shutil.rmtree(merged + ".tmp", ignore_errors=True)
        shutil.copytree(final, merged + ".tmp")
        replace_dir(merged + ".tmp", merged)
        events.emit("artifact", kind="merged", path=merged)
    elif spec.export_merged:
        if keep_best:
            policy.load(best)
        merged = export_merged(
            policy.model, policy.tokenizer, os.path.join(out_dir, "merged"), dtype
        )
        events.emit("artifact", kind="merged", path=merged)


def _evaluate(
    objective: Sft | Dpo,
    policy: Policy,
    t: TrainingSpec,
    device: torch.device,
    step: int,
    progress: dict,
    out_dir: str,
    main: bool = True,
) -> bool:
    """Eval metrics; saves DIR/best on a lower eval/loss (rank 0; every rank evaluates the whole eval file, so they
    agree on early stopping). Returns True when early stopping should end training."""
    metrics = objective.evaluate(policy.model, device)
    for name, value in metrics.items():
        events.emit("metric", step=step, name=name, value=value)
    loss = metrics["eval/loss"]
    if progress["best_loss"] is None or loss < progress["best_loss"]:
        progress.update(best_loss=loss, best_step=step, bad_evals=0)
        policy.save(os.path.join(out_dir, "best"), write=main)
        return False
    progress["bad_evals"] += 1
    if t.early_stopping_patience and progress["bad_evals"] >= t.early_stopping_patience:
        events.log(
            f"early stopping at step {step}: eval loss has not improved for {progress['bad_evals']} evals; "
            f"keeping step {progress['best_step']}"
        )
        return True
    return False
