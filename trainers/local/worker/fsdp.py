"""Full fine-tuning on several ranks: FSDP2 (`fully_shard`) shards every weight, its gradient and its optimizer
state over the ranks, one all-gather / reduce-scatter group per decoder layer plus the root (embeddings, final
norm, head). Weights stay fp32 master weights; on CUDA the forward runs under bf16 autocast as on one GPU.

Gradients are reduce-scattered as sums (divide factor 1): the loss of every rank is already divided by the whole
window's trained tokens (sft.forward_backward), so the sum is the window's gradient. Checkpoints hold the sharded
model and optimizer in PyTorch's distributed checkpoint format (DIR/checkpoints/step_N/distributed/, every rank
writes its shards: several hosts need a shared folder) next to the gathered Hugging Face folder that a checkpoint
always has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
import torch.distributed.checkpoint as dcp
from torch.distributed.checkpoint.state_dict import (
    StateDictOptions,
    get_model_state_dict,
    get_state_dict,
    set_state_dict,
)
from torch.distributed.fsdp import FSDPModule, fully_shard

from .model_folder import tied_head_key

if TYPE_CHECKING:
    from transformers import PreTrainedModel

DISTRIBUTED = "distributed"


def is_sharded(model: torch.nn.Module) -> bool:
    return isinstance(model, FSDPModule)


def shard_model(model: PreTrainedModel) -> None:
    """Bottom-up: each decoder layer, then the root with what is left."""
    layers = model.get_decoder().layers
    for layer in layers:
        fully_shard(layer)
    fully_shard(model)
    for m in [*layers, model]:
        m.set_gradient_divide_factor(1.0)
        m.set_force_sum_reduction_for_comms(True)  # a plain SUM: gloo has no PREMUL_SUM


def full_state_dict(model: PreTrainedModel, dtype: torch.dtype) -> dict[str, torch.Tensor]:
    """The gathered weights as plain CPU tensors, named as transformers does, tied head left out: on rank 0; the
    other ranks get {}. A collective: every rank calls it."""
    opts = StateDictOptions(full_state_dict=True, cpu_offload=True)
    sd = get_model_state_dict(model, options=opts)
    sd.pop(tied_head_key(model) or "", None)
    return {k: v.to(dtype).contiguous() for k, v in sd.items()}


def save_sharded(model: PreTrainedModel, opt: torch.optim.Optimizer, folder: str) -> None:
    model_sd, opt_sd = get_state_dict(model, opt)
    dcp.save({"model": model_sd, "optimizer": opt_sd}, checkpoint_id=folder)


def load_sharded(model: PreTrainedModel, opt: torch.optim.Optimizer, folder: str) -> None:
    model_sd, opt_sd = get_state_dict(model, opt)
    state = {"model": model_sd, "optimizer": opt_sd}
    dcp.load(state, checkpoint_id=folder)
    set_state_dict(model, opt, model_state_dict=state["model"], optim_state_dict=state["optimizer"])
