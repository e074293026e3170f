"""Merged export: a plain transformers checkpoint with W + s*BA folded in.

The merge is done in fp32 on the de-quantized base for QLoRA and cast once to the base dtype; the result is never
re-quantized (re-quantizing changes outputs: PEFT #1043, transformers #31293)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch

from .lora import LoRALinear
from .model_folder import save_model_folder
from .nf4 import NF4Linear

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase


@torch.no_grad()
def merged_state_dict(model: PreTrainedModel, dtype: torch.dtype) -> dict[str, torch.Tensor]:
    sd, wrapped = (
        {},
        [n + "." for n, m in model.named_modules() if isinstance(m, (LoRALinear, NF4Linear))],
    )
    for name, mod in model.named_modules():
        prefix = f"{name}." if name else ""
        if any(prefix.startswith(w) and prefix != w for w in wrapped):
            continue  # lora_A / lora_B / nf4 buffers inside a wrapper
        if isinstance(mod, (LoRALinear, NF4Linear)):
            w = (
                mod.merged_weight()
                if isinstance(mod, LoRALinear)
                else mod.nf4.dequantize(torch.float32)
            )
            sd[prefix + "weight"] = w.to(dtype)
            if mod.bias is not None:
                sd[prefix + "bias"] = mod.bias.detach()
            continue
        for pname, p in mod.named_parameters(recurse=False):
            sd[prefix + pname] = p.detach()
        for bname, b in mod.named_buffers(recurse=False):
            if bname not in mod._non_persistent_buffers_set:
                sd[prefix + bname] = b.detach()
    if getattr(model.config, "tie_word_embeddings", False):
        head = next(
            (n for n, m in model.named_modules() if m is model.get_output_embeddings()), None
        )
        sd.pop(f"{head}.weight", None)  # stored once, as the input embedding
    return {k: v.contiguous().cpu() for k, v in sd.items()}


def export_merged(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, out_dir: str, dtype: torch.dtype
) -> str:
    return save_model_folder(model, tokenizer, out_dir, dtype, merged_state_dict(model, dtype))
