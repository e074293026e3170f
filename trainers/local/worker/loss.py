"""Summed next-token cross-entropy over trained positions, without materialising full-vocabulary logits.

Only positions with a target go through the output head (prompt tokens are most of a chat batch), in chunks.
The head is frozen, so the fused op computes d(loss)/d(hidden) chunk by chunk in the forward pass and keeps only
that [n, hidden] tensor: no [n, vocab] logits or their gradient stay alive (reference/trainer.md 2.4: 8k tokens x
128k vocab is 4.2 GB of fp32 logits). Same two matmuls as autograd would do; the loss is mathematically the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F
from torch import nn

from .data import IGNORE
from .nf4 import compute_dtype

if TYPE_CHECKING:
    from transformers import PreTrainedModel

CHUNK = 4096


class _LinearCrossEntropySum(torch.autograd.Function):
    @staticmethod
    def forward(
        ctx: torch.autograd.function.FunctionCtx,
        h: torch.Tensor,
        weight: torch.Tensor,
        bias: torch.Tensor | None,
        targets: torch.Tensor,
    ) -> torch.Tensor:
        dt = compute_dtype(h)
        w = weight.to(dt)
        grad_h = torch.empty_like(h) if ctx.needs_input_grad[0] else None
        total = torch.zeros((), dtype=torch.float32, device=h.device)
        for i in range(0, h.shape[0], CHUNK):
            logits = F.linear(
                h[i : i + CHUNK].to(dt), w, None if bias is None else bias.to(dt)
            ).float()
            t = targets[i : i + CHUNK]
            lse = torch.logsumexp(logits, dim=-1)
            total += (lse - logits.gather(1, t.unsqueeze(1)).squeeze(1)).sum()
            if grad_h is not None:
                # softmax, in place over the chunk's logits
                p = torch.exp(logits.sub_(lse.unsqueeze(1)))
                p[torch.arange(t.numel(), device=t.device), t] -= 1.0
                grad_h[i : i + CHUNK] = (p.to(dt) @ w).to(h.dtype)
        ctx.save_for_backward(grad_h)
        return total

    @staticmethod
    def backward(
        ctx: torch.autograd.function.FunctionCtx, grad_out: torch.Tensor
    ) -> tuple[torch.Tensor, None, None, None]:
        (grad_h,) = ctx.saved_tensors
        return grad_h * grad_out.to(grad_h.dtype), None, None, None


def can_fuse(model: PreTrainedModel) -> bool:
    """The fused path re-implements the head; models that post-process logits use the plain path."""
    cfg, head = model.config, model.get_output_embeddings()
    post = any(
        getattr(cfg, k, None) not in (None, 1.0)
        for k in ("final_logit_softcapping", "logit_scale", "logits_scaling")
    )
    return (
        isinstance(head, nn.Linear)
        and hasattr(model, "get_decoder")
        and model.get_decoder() is not None
        and not post
    )


def lm_loss_sum(
    model: PreTrainedModel, batch: dict, fused: bool = True
) -> tuple[torch.Tensor, int]:
    """(sum of token losses, number of target tokens) for a collated batch (see data.collate)."""
    targets = batch["targets"]
    kw = dict(
        input_ids=batch["input_ids"],
        position_ids=batch["position_ids"],
        attention_mask=batch["attention_mask"],
        use_cache=False,
    )
    sel = targets != IGNORE
    if fused and can_fuse(model):
        h = model.get_decoder()(**kw).last_hidden_state
        head = model.get_output_embeddings()
        return _LinearCrossEntropySum.apply(h[sel], head.weight, head.bias, targets[sel]), int(
            sel.sum()
        )
    logits = model(**kw).logits
    return F.cross_entropy(logits[sel].float(), targets[sel], reduction="sum"), int(sel.sum())
