"""Hugging Face model folders written by the worker (a full run's model, its checkpoints, merged exports) and the
atomic folder swap every artifact goes through.

A folder holds config.json (with `dtype` set to the weights' dtype), generation_config.json, the tokenizer and the
weights as safetensors: `model.safetensors` when they fit one shard, else `model-00001-of-0000N.safetensors` plus
`model.safetensors.index.json` (transformers' sharded layout), so `AutoModelForCausalLM.from_pretrained(folder)` loads
it as is. A tied output head is stored once, as the input embedding (transformers re-ties it on load).
"""

from __future__ import annotations

import json
import os
import shutil
from typing import TYPE_CHECKING

import torch
from safetensors.torch import load_file, save_file

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

SHARD_BYTES = 5 * 2**30
SINGLE, INDEX = "model.safetensors", "model.safetensors.index.json"


def replace_dir(tmp: str, final: str) -> None:
    # rename is atomic: a reader (or a resume after kill -9) sees the old or the new folder, never half of one
    if os.path.exists(final):
        old = final.rstrip("/") + ".old"
        shutil.rmtree(old, ignore_errors=True)
        os.rename(final, old)
        os.rename(tmp, final)
        shutil.rmtree(old)
    else:
        os.rename(tmp, final)


def tied_head_key(model: PreTrainedModel) -> str | None:
    """The output head's state-dict key when it shares the input embedding's weight, else None."""
    head, emb = model.get_output_embeddings(), model.get_input_embeddings()
    if head is None or emb is None or head.weight is not emb.weight:
        return None
    return next(f"{n}.weight" for n, m in model.named_modules() if m is head)


def plain_state_dict(model: PreTrainedModel, dtype: torch.dtype) -> dict[str, torch.Tensor]:
    """The model's weights as transformers names them, cast to dtype, on CPU, tied head left out."""
    sd = model.state_dict()
    sd.pop(tied_head_key(model) or "", None)
    return {k: v.detach().to(dtype).contiguous().cpu() for k, v in sd.items()}


def write_weights(sd: dict[str, torch.Tensor], folder: str, shard_bytes: int = SHARD_BYTES) -> None:
    shards, size = [{}], 0
    for k, v in sd.items():
        n = v.numel() * v.element_size()
        if shards[-1] and size + n > shard_bytes:
            shards.append({})
            size = 0
        shards[-1][k] = v
        size += n
    if len(shards) == 1:
        save_file(shards[0], os.path.join(folder, SINGLE), metadata={"format": "pt"})
        return
    weight_map = {}
    for i, shard in enumerate(shards, 1):
        name = f"model-{i:05d}-of-{len(shards):05d}.safetensors"
        save_file(shard, os.path.join(folder, name), metadata={"format": "pt"})
        weight_map.update(dict.fromkeys(shard, name))
    total = sum(v.numel() * v.element_size() for v in sd.values())
    with open(os.path.join(folder, INDEX), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)


def read_weights(folder: str) -> dict[str, torch.Tensor]:
    index = os.path.join(folder, INDEX)
    if not os.path.exists(index):
        return load_file(os.path.join(folder, SINGLE))
    with open(index) as f:
        files = sorted(set(json.load(f)["weight_map"].values()))
    sd = {}
    for name in files:
        sd.update(load_file(os.path.join(folder, name)))
    return sd


def save_model_folder(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    out_dir: str,
    dtype: torch.dtype,
    state_dict: dict[str, torch.Tensor] | None = None,
    shard_bytes: int = SHARD_BYTES,
    extra: dict[str, dict[str, torch.Tensor]] | None = None,
) -> str:
    """Writes out_dir.tmp, then swaps it in. state_dict defaults to the model's own weights; extra holds more
    safetensors files to put in the folder (name -> tensors), e.g. a checkpoint's fp32 master weights."""
    tmp = out_dir.rstrip("/") + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    write_weights(
        plain_state_dict(model, dtype) if state_dict is None else state_dict, tmp, shard_bytes
    )
    for name, tensors in (extra or {}).items():
        save_file(tensors, os.path.join(tmp, name), metadata={"format": "pt"})
    cfg = model.config.to_dict()
    cfg.pop("quantization_config", None)
    cfg["dtype"] = str(dtype).removeprefix("torch.")
    model.config.__class__.from_dict(cfg).save_pretrained(tmp)
    if getattr(model, "generation_config", None) is not None:
        model.generation_config.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    replace_dir(tmp, out_dir)
    return out_dir


@torch.no_grad()
def load_weights_into(model: PreTrainedModel, sd: dict[str, torch.Tensor], where: str) -> None:
    """Loads a plain_state_dict back (exactly, cast to each parameter's dtype); keys must match."""
    expected = set(model.state_dict()) - {tied_head_key(model)}
    missing, unexpected = sorted(expected - set(sd)), sorted(set(sd) - expected)
    if missing or unexpected:
        raise ValueError(
            f"{where}: weights do not fit the model; missing {missing[:5]}, unexpected {unexpected[:5]}"
        )
    own = model.state_dict()
    for k, v in sd.items():
        own[k].copy_(v)
