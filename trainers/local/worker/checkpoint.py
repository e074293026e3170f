"""Resumable checkpoints: DIR/checkpoints/step_000050/ holds the policy on its own (a PEFT adapter folder, or a
Hugging Face model folder for full fine-tuning), trainer_state.pt (optimizer, scheduler, RNG states, data position,
early-stopping state) and a meta JSON sidecar. A checkpoint is written to a temporary folder and renamed into place,
so a kill -9 never leaves half of one. Under torchrun every rank calls save_checkpoint and rank 0 writes it; a
sharded (FSDP) run keeps its model and optimizer in distributed/ instead (fsdp.py), written by every rank."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from typing import TYPE_CHECKING

import numpy as np
import torch

from .dist import Ranks
from .fsdp import DISTRIBUTED, load_sharded, save_sharded
from .policy import MASTER

if TYPE_CHECKING:
    from .policy import Policy

# newest resumable checkpoints (with optimizer state); older ones keep only their adapter / model, for evaluation
KEEP = 2
TRAINER_STATE = "trainer_state.pt"


def ckpt_dir(out_dir: str) -> str:
    return os.path.join(out_dir, "checkpoints")


def rng_state() -> dict:
    return {
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
        "python": random.getstate(),
        "numpy": np.random.get_state(),
    }


def set_rng_state(s: dict) -> None:
    torch.set_rng_state(s["torch"])
    if s["cuda"] and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(s["cuda"])
    random.setstate(s["python"])
    np.random.set_state(s["numpy"])


def save_checkpoint(
    out_dir: str,
    step: int,
    policy: Policy,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
    progress: dict,
    ranks: Ranks | None = None,
) -> str:
    ranks = ranks or Ranks()
    final = os.path.join(ckpt_dir(out_dir), f"step_{step:06d}")
    tmp = final + ".partial"
    if ranks.main:
        shutil.rmtree(tmp, ignore_errors=True)
    ranks.barrier()
    # policy.save writes tmp atomically itself; tmp is renamed to final below
    policy.save(tmp, exact=True, write=ranks.main)
    ranks.barrier()
    state = {"scheduler": scheduler.state_dict(), "rng": rng_state(), "progress": progress}
    if policy.sharded:
        save_sharded(policy.model, optimizer, os.path.join(tmp, DISTRIBUTED))
    else:
        state["optimizer"] = optimizer.state_dict()
    if not ranks.main:
        ranks.barrier()
        return final
    torch.save(state, os.path.join(tmp, TRAINER_STATE))
    with open(os.path.join(tmp, f"meta_{step:06d}.json"), "w") as f:
        json.dump(
            {
                "step": step,
                **{k: v for k, v in progress.items() if not isinstance(v, (list, dict))},
            },
            f,
        )
    shutil.rmtree(final, ignore_errors=True)
    os.rename(tmp, final)
    # Every checkpoint's adapter / model can be evaluated and promoted later; the optimizer state (twice the
    # trained weights) and fp32 master weights matter only for resuming from the newest.
    for old in list_checkpoints(out_dir)[:-KEEP]:
        for name in (TRAINER_STATE, MASTER):
            if os.path.exists(os.path.join(old, name)):
                os.remove(os.path.join(old, name))
        shutil.rmtree(os.path.join(old, DISTRIBUTED), ignore_errors=True)
    ranks.barrier()
    return final


def list_checkpoints(out_dir: str) -> list[str]:
    d = ckpt_dir(out_dir)
    if not os.path.isdir(d):
        return []
    names = sorted(n for n in os.listdir(d) if re.fullmatch(r"step_\d{6}", n))
    return [os.path.join(d, n) for n in names]


def latest_checkpoint(out_dir: str) -> str | None:
    """The newest checkpoint training can resume from."""
    ckpts = [c for c in list_checkpoints(out_dir) if os.path.exists(os.path.join(c, TRAINER_STATE))]
    return ckpts[-1] if ckpts else None


def read_state(path: str) -> dict:
    """trainer_state.pt, memory-mapped: its progress decides the data plan before the model is loaded, and the
    optimizer state is copied in only by load_checkpoint."""
    # our own file, written by save_checkpoint; numpy's RNG tuple needs the full unpickler
    return torch.load(
        os.path.join(path, TRAINER_STATE), map_location="cpu", weights_only=False, mmap=True
    )


def load_checkpoint(
    path: str,
    state: dict,
    policy: Policy,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
) -> None:
    if policy.sharded:
        if "optimizer" in state:
            raise ValueError(
                f"{path} was written by one process; a sharded (FSDP) run resumes only from its own checkpoints"
            )
        load_sharded(policy.model, optimizer, os.path.join(path, DISTRIBUTED))
    else:
        if "optimizer" not in state:
            raise ValueError(f"{path} holds sharded (FSDP) state; resume it under torchrun")
        policy.load(path)
        optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
