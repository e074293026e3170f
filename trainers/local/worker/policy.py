"""The trained model, built in one place: which weights train, where they start, how they are saved and restored.

- parameters "lora" / "qlora": the base (in the compute dtype; QLoRA's projections in NF4) is frozen and a LoRA
  adapter trains. Saved as a PEFT adapter folder.
- parameters "full": every weight trains, kept in fp32 (master weights; bf16 autocast on CUDA). Saved as a Hugging
  Face model folder in the run's dtype (bf16 on CUDA, fp32 on CPU); a checkpoint whose dtype is not fp32 also keeps
  the exact fp32 weights (master_weights.safetensors) so that --resume continues bit for bit.
- init_from: a model folder replaces base_model as the starting weights (and tokenizer); an adapter folder is
  loaded as the starting adapter (LoRA / QLoRA), or folded into the base weights (full: W + s*BA in fp32).
With objective "dpo" every nn.Dropout is set to p=0, as TRL's DPOConfig.disable_dropout does.
Under torchrun an adapter is replicated on every rank (dist.py sums its gradients); full fine-tuning is sharded
with FSDP2 (fsdp.py), and saving then gathers the weights on rank 0 (a collective: every rank calls save).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from safetensors.torch import load_file
from torch import nn

from .fsdp import full_state_dict, is_sharded, shard_model
from .lora import (
    ADAPTER_WEIGHTS,
    adapter_config,
    fold_adapter,
    inject_lora,
    load_adapter,
    load_adapter_state,
    lora_modules,
    save_adapter,
)
from .model import count_params, load_model
from .model_folder import load_weights_into, plain_state_dict, read_weights, save_model_folder
from .spec import init_kind

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

    from .spec import TrainSpec

MASTER = "master_weights.safetensors"


def model_source(spec: TrainSpec) -> str:
    """Where the starting weights and the tokenizer come from."""
    if spec.init_from is not None and init_kind(spec.init_from) == "model":
        return spec.init_from
    return spec.base_model


def enable_checkpointing(model: PreTrainedModel) -> None:
    """Non-reentrant checkpointing per decoder layer. Input grads are switched on as well: with a frozen embedding
    and reentrant checkpointing, LoRA gradients silently vanish (transformers #21381, peft #137)."""
    model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
    model.enable_input_require_grads()


@dataclass
class Policy:
    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    kind: str  # "adapter" | "model": what save() writes
    dtype: torch.dtype  # the dtype saved model folders hold
    total_params: int  # the model's (quantized weights at their original count) plus the adapter's
    adapter_cfg: dict | None = None

    @property
    def sharded(self) -> bool:
        return is_sharded(self.model)

    def params(self) -> list[nn.Parameter]:
        return [p for p in self.model.parameters() if p.requires_grad]

    def save(self, out_dir: str, exact: bool = False, write: bool = True) -> None:
        """The adapter or model folder; exact=True (checkpoints) also keeps fp32 master weights when the folder's
        dtype would round them. Only a rank with write=True writes; a sharded model is gathered by all."""
        if self.kind == "adapter":
            if write:
                save_adapter(self.model, out_dir, self.adapter_cfg)
            return
        exact = exact and self.dtype != torch.float32
        if self.sharded:
            sd = full_state_dict(self.model, self.dtype)
            extra = {MASTER: full_state_dict(self.model, torch.float32)} if exact else {}
        else:
            sd = None
            extra = {MASTER: plain_state_dict(self.model, torch.float32)} if exact and write else {}
        if write:
            save_model_folder(self.model, self.tokenizer, out_dir, self.dtype, sd, extra=extra)

    def load(self, folder: str) -> None:
        if self.kind == "adapter":
            path = os.path.join(folder, ADAPTER_WEIGHTS)
            load_adapter_state(self.model, load_file(path), where=path)
            return
        master = os.path.join(folder, MASTER)
        sd = load_file(master) if os.path.exists(master) else read_weights(folder)
        load_weights_into(self.model, sd, where=folder)


def build_policy(
    spec: TrainSpec,
    tok: PreTrainedTokenizerBase,
    device: torch.device,
    dtype: torch.dtype,
    shard: bool = False,
) -> Policy:
    """shard: full fine-tuning on several ranks (FSDP2); an adapter is never sharded."""
    init = init_kind(spec.init_from) if spec.init_from is not None else None
    if spec.parameters == "full":
        model = load_model(model_source(spec), device, torch.float32)
        if init == "adapter":
            load_adapter(model, spec.init_from)
            fold_adapter(model)
        model.requires_grad_(True)
        policy = Policy(model, tok, "model", dtype, count_params(model))
    else:
        model = load_model(model_source(spec), device, dtype)
        base_params = count_params(model)
        quant = {"double_quant": spec.quantization.double_quant} if spec.quantization else None
        lo = spec.lora
        if init == "adapter":
            load_adapter(model, spec.init_from, quant, lo.dropout)
            targets = sorted({n.rsplit(".", 1)[-1] for n, _ in lora_modules(model)})
        else:
            targets = inject_lora(
                model, lo.r, lo.alpha, lo.dropout, lo.use_rslora, lo.target_modules, quant
            )
        adapter = sum(p.numel() for n, p in model.named_parameters() if ".lora_" in n)
        cfg = adapter_config(lo, targets, spec.base_model)
        policy = Policy(model, tok, "adapter", dtype, base_params + adapter, cfg)
    if spec.objective == "dpo":
        for m in model.modules():
            if isinstance(m, nn.Dropout):
                m.p = 0.0
    if spec.training.gradient_checkpointing:
        enable_checkpointing(model)
    if shard and policy.kind == "model":
        shard_model(model)
    return policy
