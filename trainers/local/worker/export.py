"""Merged export: a plain transformers checkpoint with W + s*BA folded in.

The merge is done in fp32 on the de-quantized base for QLoRA and cast once to the base dtype; the result is never
re-quantized (re-quantizing changes outputs: PEFT #1043, transformers #31293)."""

import os
import shutil

import torch
from safetensors.torch import save_file

from .lora import LoRALinear, _replace_dir
from .nf4 import NF4Linear


@torch.no_grad()
def merged_state_dict(model, dtype):
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
    model: torch.nn.Module, tokenizer: object, out_dir: str, dtype: torch.dtype
) -> str:
    # written beside out_dir, then renamed over it: a crash leaves the previous export whole, never half of each
    tmp = out_dir.rstrip("/") + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)  # what a crashed export left
    os.makedirs(tmp)
    save_file(
        merged_state_dict(model, dtype),
        os.path.join(tmp, "model.safetensors"),
        metadata={"format": "pt"},
    )
    cfg = model.config.to_dict()
    cfg.pop("quantization_config", None)
    model.config.__class__.from_dict(cfg).save_pretrained(tmp)
    if getattr(model, "generation_config", None) is not None:
        model.generation_config.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    _replace_dir(tmp, out_dir)
    return out_dir
