"""The SFT objective: token-mean next-token cross-entropy on assistant tokens (data.py decides which)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch

from .data import collate, load_examples
from .dist import Ranks
from .loss import lm_loss_sum
from .model import autocast, to_device
from .objective import Objective

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

    from .data import Sample
    from .spec import TrainSpec

MicroBatch = list[list[int]]  # rows of item indices (several samples per row when packed)


@dataclass
class StepResult:
    """This rank's share of a window. loss and metrics are its sums divided by the whole window's count (over all
    ranks), so summing them over the ranks gives the window's means."""

    loss: float  # the window's mean loss (per trained token for SFT, per pair for DPO)
    n_real: int  # real (non-padding) input tokens of this rank
    metrics: dict[str, float]  # objective-specific metrics, logged next to train/loss


class Sft(Objective["Sample"]):
    def __init__(self, spec: TrainSpec, tok: PreTrainedTokenizerBase) -> None:
        super().__init__(spec, tok, load_examples)
        self.packing = spec.training.packing

    def shape(self, micro_batch: MicroBatch) -> tuple[int, int]:
        """(rows, padded width) of a micro-batch, for the memory estimate."""
        width = max(sum(len(self.items[i][0]) for i in row) for row in micro_batch)
        return len(micro_batch), width

    def prepare(
        self,
        model: PreTrainedModel,
        out_dir: str,
        resume: bool,
        device: torch.device,
        write: bool = True,
    ) -> None:
        """Nothing to compute before the first step."""

    def step(
        self,
        model: PreTrainedModel,
        micro_batches: list[MicroBatch],
        device: torch.device,
        ranks: Ranks | None = None,
    ) -> StepResult:
        loss, _, n_real = forward_backward(
            model, self.items, micro_batches, self.pad_id, self.packing, device, ranks
        )
        return StepResult(loss, n_real, {})

    def evaluate(self, model: PreTrainedModel, device: torch.device) -> dict[str, float]:
        return {
            "eval/loss": eval_loss(model, self.eval_items, self.batch_size, self.pad_id, device)
        }


def forward_backward(
    model: PreTrainedModel,
    samples: list[Sample],
    micro_batches: list[MicroBatch],
    pad_id: int,
    packing: bool,
    device: torch.device,
    ranks: Ranks | None = None,
) -> tuple[float, int, int]:
    """One accumulation window. Each micro-batch's summed loss is divided by the window's total trained tokens (over
    all ranks), so any split of the same window into micro-batches or ranks gives the same gradient once the ranks'
    gradients are summed. Returns (this rank's loss sum / window tokens, window tokens, this rank's real tokens)."""
    lockstep = ranks is not None and ranks.lockstep
    batches = [
        (collate(samples, rows or [[0]], pad_id, packing), 1.0 if rows else 0.0)
        for rows in micro_batches
        if rows or lockstep
    ]
    n_total = sum(int((b["targets"] != -100).sum()) * w for b, w in batches)
    if ranks is not None:
        n_total = int((ranks.sum([n_total], device))[0])
    loss_sum = 0.0
    for b, weight in batches:
        with autocast(device):
            loss, _ = lm_loss_sum(model, to_device(b, device))
        (loss * (weight / max(n_total, 1))).backward()
        loss_sum += loss.item() * weight  # note: CPU-GPU sync point, once per micro-batch
    return loss_sum / max(n_total, 1), n_total, sum(b["n_real"] for b, w in batches if w)


@torch.no_grad()
def eval_loss(
    model: PreTrainedModel,
    samples: list[Sample],
    batch_size: int,
    pad_id: int,
    device: torch.device,
) -> float:
    model.eval()
    total, n = 0.0, 0
    for i in range(0, len(samples), batch_size):
        rows = [[j] for j in range(i, min(i + batch_size, len(samples)))]
        with autocast(device):
            loss, k = lm_loss_sum(model, to_device(collate(samples, rows, pad_id, False), device))
        total, n = total + loss.item(), n + k
    model.train()
    return total / max(n, 1)
