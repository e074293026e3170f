"""Resumable checkpoints: DIR/checkpoints/step_000050/ holds the adapter in PEFT layout (usable on its own),
trainer_state.pt (optimizer, scheduler, RNG states, data position, early-stopping state) and a meta JSON sidecar.
A checkpoint is written to a temporary folder and renamed into place, so a kill -9 never leaves half of one."""

import json
import os
import random
import re
import shutil

import numpy as np
import torch
from safetensors.torch import load_file
from torch import nn

from .lora import ADAPTER_WEIGHTS, load_adapter_state, save_adapter

KEEP = 2  # newest resumable checkpoints (with optimizer state); older ones keep only their adapter, for evaluation
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
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
    progress: dict,
    adapter_cfg: dict,
) -> str:
    final = os.path.join(ckpt_dir(out_dir), f"step_{step:06d}")
    tmp = final + ".partial"
    shutil.rmtree(tmp, ignore_errors=True)
    # save_adapter writes tmp atomically itself; tmp is renamed to final below
    save_adapter(model, tmp, adapter_cfg)
    torch.save(
        {
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "rng": rng_state(),
            "progress": progress,
        },
        os.path.join(tmp, TRAINER_STATE),
    )
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
    # Adapters are small (LoRA factors only) and each one can be evaluated and promoted later; the
    # optimizer state (twice the adapter) matters only for resuming from the newest.
    for old in list_checkpoints(out_dir)[:-KEEP]:
        state = os.path.join(old, TRAINER_STATE)
        if os.path.exists(state):
            os.remove(state)
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


def load_checkpoint(
    path: str,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
) -> dict:
    load_adapter_state(model, load_file(os.path.join(path, ADAPTER_WEIGHTS)), where=path)
    # our own file, written by save_checkpoint; numpy's RNG tuple needs the full unpickler
    state = torch.load(os.path.join(path, TRAINER_STATE), map_location="cpu", weights_only=False)
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    return state
