"""Sums of next-token log-probabilities over trained positions, without materialising full-vocabulary logits.

Only positions with a target go through the output head (prompt tokens are most of a chat batch), in chunks. The
sums are grouped into segments: one for SFT (the summed loss of a batch), one per row for DPO (a sequence's
log-prob). The fused op computes d(log p)/d(hidden) chunk by chunk in the forward pass and keeps only that
[n, hidden] tensor, scaled by each segment's upstream gradient in backward: no [n, vocab] logits or their gradient
stay alive (8k tokens x 128k vocab is 4.2 GB of fp32 logits; README.md, "Numerics and formats"). A frozen head (LoRA) costs
the two matmuls autograd would do. A trainable head (full fine-tuning) with one segment also sums its gradient in
the forward pass (three matmuls, as autograd); with several segments the head gradient depends on each segment's
upstream gradient, so backward recomputes the chunk's logits (one more matmul, as TRL's chunked log-prob kernel).
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


def _dlogp_dlogits(logits: torch.Tensor, lse: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """onehot(t) - softmax(logits), computed in place over the chunk's fp32 logits."""
    g = torch.exp(logits.sub_(lse.unsqueeze(1))).neg_()
    g[torch.arange(t.numel(), device=t.device), t] += 1.0
    return g


class _LinearLogProbSums(torch.autograd.Function):
    @staticmethod
    def forward(
        ctx: torch.autograd.function.FunctionCtx,
        h: torch.Tensor,
        weight: torch.Tensor,
        bias: torch.Tensor | None,
        targets: torch.Tensor,
        seg: torch.Tensor,
        n_seg: int,
    ) -> torch.Tensor:
        dt = compute_dtype(h)
        w, b = weight.to(dt), None if bias is None else bias.to(dt)
        need_w = ctx.needs_input_grad[1] or (bias is not None and ctx.needs_input_grad[2])
        head_now = need_w and n_seg == 1  # one upstream number: the head gradient can be summed now
        grad_h = torch.empty_like(h) if ctx.needs_input_grad[0] else None
        grad_w = torch.zeros(weight.shape, device=h.device) if head_now else None
        grad_b = torch.zeros(bias.shape, device=h.device) if head_now and bias is not None else None
        lse_all = torch.empty(h.shape[0], device=h.device) if need_w and not head_now else None
        out = torch.zeros(n_seg, dtype=torch.float32, device=h.device)
        for i in range(0, h.shape[0], CHUNK):
            hc, t = h[i : i + CHUNK].to(dt), targets[i : i + CHUNK]
            logits = F.linear(hc, w, b).float()
            lse = torch.logsumexp(logits, dim=-1)
            out.index_add_(0, seg[i : i + CHUNK], logits.gather(1, t.unsqueeze(1)).squeeze(1) - lse)
            if lse_all is not None:
                lse_all[i : i + CHUNK] = lse
            if grad_h is None and grad_w is None:
                continue
            g = _dlogp_dlogits(logits, lse, t).to(dt)
            if grad_h is not None:
                grad_h[i : i + CHUNK] = (g @ w).to(h.dtype)
            if grad_w is not None:
                grad_w += (g.t() @ hc).float()
            if grad_b is not None:
                grad_b += g.float().sum(0)
        ctx.head_now, ctx.w_dtype = head_now, weight.dtype
        recompute = (h, weight, bias, targets, lse_all) if lse_all is not None else (None,) * 5
        ctx.save_for_backward(grad_h, grad_w, grad_b, seg, *recompute)
        return out

    @staticmethod
    def backward(
        ctx: torch.autograd.function.FunctionCtx, grad_out: torch.Tensor
    ) -> tuple[torch.Tensor | None, ...]:
        grad_h, grad_w, grad_b, seg, h, weight, bias, targets, lse_all = ctx.saved_tensors
        per_token = grad_out.float()[seg]
        d_h = None if grad_h is None else grad_h * per_token.unsqueeze(1).to(grad_h.dtype)
        d_w = d_b = None
        if ctx.head_now:
            d_w = grad_w * grad_out[0]
            d_b = None if grad_b is None else grad_b * grad_out[0]
        elif lse_all is not None:
            d_w, d_b = _head_grads(h, weight, bias, targets, lse_all, per_token)
        return d_h, None if d_w is None else d_w.to(ctx.w_dtype), d_b, None, None, None


def _head_grads(
    h: torch.Tensor,
    weight: torch.Tensor,
    bias: torch.Tensor | None,
    targets: torch.Tensor,
    lse_all: torch.Tensor,
    per_token: torch.Tensor,
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """The head's gradient when each token's upstream gradient differs: the chunk's logits are recomputed."""
    dt = compute_dtype(h)
    w, b = weight.to(dt), None if bias is None else bias.to(dt)
    d_w = torch.zeros(weight.shape, device=h.device)
    d_b = None if bias is None else torch.zeros(bias.shape, device=h.device)
    for i in range(0, h.shape[0], CHUNK):
        hc, t = h[i : i + CHUNK].to(dt), targets[i : i + CHUNK]
        logits = F.linear(hc, w, b).float()
        g = _dlogp_dlogits(logits, lse_all[i : i + CHUNK], t).mul_(per_token[i : i + CHUNK, None])
        d_w += (g.to(dt).t() @ hc).float()
        if d_b is not None:
            d_b += g.sum(0)
    return d_w, d_b


def can_fuse(model: PreTrainedModel) -> bool:
    """The fused path re-implements the head; models that post-process logits use the plain path."""
    from torch.distributed.fsdp import FSDPModule

    if isinstance(model, FSDPModule):
        return False  # the head's weights are gathered only inside the model's own forward
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


def target_logps(
    model: PreTrainedModel, batch: dict, per_row: bool, fused: bool = True
) -> tuple[torch.Tensor, torch.Tensor]:
    """(sums of log p(target), target counts) over a collated batch (see data.collate): one entry per row when
    per_row (a sequence's log-prob, as DPO needs), else one for the whole batch."""
    targets = batch["targets"]
    kw = dict(
        input_ids=batch["input_ids"],
        position_ids=batch["position_ids"],
        attention_mask=batch["attention_mask"],
        use_cache=False,
    )
    sel = targets != IGNORE
    rows = targets.shape[0]
    row_of = torch.arange(rows, device=targets.device).unsqueeze(1).expand_as(targets)
    seg = row_of[sel] if per_row else torch.zeros_like(targets[sel])
    n_seg = rows if per_row else 1
    counts = torch.zeros(n_seg, dtype=torch.long, device=targets.device)
    counts.index_add_(0, seg, torch.ones_like(seg))
    if fused and can_fuse(model):
        h = model.get_decoder()(**kw).last_hidden_state
        head = model.get_output_embeddings()
        sums = _LinearLogProbSums.apply(h[sel], head.weight, head.bias, targets[sel], seg, n_seg)
        return sums, counts
    logits = model(**kw).logits
    token_logps = -F.cross_entropy(logits[sel].float(), targets[sel], reduction="none")
    sums = torch.zeros(n_seg, dtype=torch.float32, device=targets.device)
    return sums.index_add(0, seg, token_logps), counts


def lm_loss_sum(
    model: PreTrainedModel, batch: dict, fused: bool = True
) -> tuple[torch.Tensor, int]:
    """(sum of token losses, number of target tokens) for a collated batch (see data.collate)."""
    sums, counts = target_logps(model, batch, per_row=False, fused=fused)
    return -sums[0], int(counts[0])
