"""The DPO objective (arXiv 2305.18290), with TRL DPOTrainer's numerics and metric names (trl 1.16).

A sequence's log-prob is the sum of its completion tokens' log-probs (prompt and padding excluded). With
Δ = (logπθ(y⁺) − logπref(y⁺)) − (logπθ(y⁻) − logπref(y⁻)) and ε = dpo.label_smoothing:
- "sigmoid": L = −(1−ε)·log σ(βΔ) − ε·log σ(−βΔ). ε = 0 is TRL's sigmoid loss. ε > 0 is conservative DPO
  (cDPO), TRL's sigmoid formula up to v0.28; since v0.29 TRL's sigmoid ignores label_smoothing (its `robust` loss
  is a different formula), so ε > 0 here matches TRL 1.16 only through its `aot_unpaired` loss on one pair.
- "ipo" (arXiv 2310.12036, as TRL): each log-ratio divided by its completion's token count, L = (Δ_avg − 1/(2β))².
The loss of a step is the mean over the pairs of its whole accumulation window, so any split into micro-batches
gives the same gradient. Metrics (means over the window's pairs): rewards/chosen = β·(logπθ(y⁺) − logπref(y⁺)),
rewards/rejected, rewards/accuracies (chosen reward > rejected; ties count as wrong), rewards/margins,
logps/chosen, logps/rejected (summed completion log-probs). Eval names get TRL's `eval_` prefix, and the loss is
eval/loss as for SFT.

The reference is the starting policy: the base model for a new adapter (whose B = 0 makes it an exact no-op, i.e.
the adapter switched off), the init_from adapter or model, or the base weights for full fine-tuning. Its
log-probs are computed in one pass before the first step, in eval mode, and stored with the run
(DIR/reference_logps.safetensors), so no second model is held in memory and --resume reuses them exactly.
"""

from __future__ import annotations

import os
from collections import defaultdict
from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

from . import events
from .data import collate
from .dist import Ranks
from .loss import target_logps
from .model import autocast, to_device
from .objective import Objective
from .preference import load_pairs
from .sft import StepResult

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

    from .preference import Pair
    from .sft import MicroBatch
    from .spec import DpoSpec, TrainSpec

REFERENCE = "reference_logps.safetensors"
METRICS = (
    "rewards/chosen",
    "rewards/rejected",
    "rewards/accuracies",
    "rewards/margins",
    "logps/chosen",
    "logps/rejected",
)


def dpo_losses(
    chosen: torch.Tensor,
    rejected: torch.Tensor,
    ref_chosen: torch.Tensor,
    ref_rejected: torch.Tensor,
    n_chosen: torch.Tensor,
    n_rejected: torch.Tensor,
    cfg: DpoSpec,
) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """Per-pair losses and per-pair metrics (named as in METRICS) from summed completion log-probs."""
    chosen_ratio, rejected_ratio = chosen - ref_chosen, rejected - ref_rejected
    if cfg.loss == "ipo":
        delta = chosen_ratio / n_chosen.clamp(min=1) - rejected_ratio / n_rejected.clamp(min=1)
        losses = (delta - 1 / (2 * cfg.beta)) ** 2
    else:
        z = cfg.beta * (chosen_ratio - rejected_ratio)
        losses = -F.logsigmoid(z)
        if cfg.label_smoothing:
            eps = cfg.label_smoothing
            losses = (1 - eps) * losses - eps * F.logsigmoid(-z)
    reward_c, reward_r = cfg.beta * chosen_ratio.detach(), cfg.beta * rejected_ratio.detach()
    stats = dict(
        zip(
            METRICS,
            (
                reward_c,
                reward_r,
                (reward_c > reward_r).float(),
                reward_c - reward_r,
                chosen.detach(),
                rejected.detach(),
            ),
            strict=True,
        )
    )
    return losses, stats


class Dpo(Objective["Pair"]):
    def __init__(self, spec: TrainSpec, tok: PreTrainedTokenizerBase) -> None:
        super().__init__(spec, tok, load_pairs)
        self.cfg = spec.dpo
        self.ref: dict[str, torch.Tensor] = {}

    def shape(self, micro_batch: MicroBatch) -> tuple[int, int]:
        width = max(len(s[0]) for row in micro_batch for s in self.items[row[0]])
        return 2 * len(micro_batch), width

    def _batch(self, pairs: list[Pair], ks: list[int]) -> dict:
        """Rows [chosen of each pair..., rejected of each pair...], as TRL's collator orders them."""
        rows = [pairs[k][0] for k in ks] + [pairs[k][1] for k in ks]
        return collate(rows, [[i] for i in range(len(rows))], self.pad_id, False)

    def _logps(
        self, model: PreTrainedModel, pairs: list[Pair], ks: list[int], device: torch.device
    ) -> tuple[torch.Tensor, torch.Tensor, int]:
        b = self._batch(pairs, ks)
        with autocast(device):
            sums, counts = target_logps(model, to_device(b, device), per_row=True)
        return sums, counts, b["n_real"]

    @torch.no_grad()
    def _reference(
        self, model: PreTrainedModel, pairs: list[Pair], device: torch.device
    ) -> torch.Tensor:
        out = []
        for i in range(0, len(pairs), self.batch_size):
            sums, _, _ = self._logps(
                model, pairs, list(range(i, min(i + self.batch_size, len(pairs)))), device
            )
            out.append(torch.stack(sums.float().cpu().chunk(2), dim=1))
        return torch.cat(out)

    def prepare(
        self,
        model: PreTrainedModel,
        out_dir: str,
        resume: bool,
        device: torch.device,
        write: bool = True,
    ) -> None:
        """Reference log-probs [pairs, (chosen, rejected)] for the train and eval files: stored ones on --resume,
        else one pass of the starting policy, written next to the run's checkpoints (by rank 0 only: under torchrun
        every rank computes all of them, the same numbers, and keeps them in memory)."""
        path = os.path.join(out_dir, REFERENCE)
        sizes = {"train": len(self.items), "eval": len(self.eval_items or [])}
        if resume and os.path.exists(path):
            self.ref = load_file(path)
            got = {k: int(v.shape[0]) for k, v in self.ref.items()}
            if {k: got.get(k, 0) for k in sizes} != sizes:
                raise ValueError(
                    f"{path} holds reference log-probs for {got} pairs but the data has {sizes}; "
                    "resume with the original files or start a new output folder"
                )
            return
        events.log(f"computing reference log-probs for {sum(sizes.values())} preference pairs")
        model.eval()
        self.ref = {"train": self._reference(model, self.items, device)}
        if self.eval_items:
            self.ref["eval"] = self._reference(model, self.eval_items, device)
        model.train()
        if not write:
            return
        save_file(self.ref, path + ".partial", metadata={"format": "pt"})
        os.replace(path + ".partial", path)

    def _window(
        self,
        model: PreTrainedModel,
        split: str,
        groups: list[list[int]],
        device: torch.device,
        backward: bool,
        ranks: Ranks | None = None,
    ) -> tuple[float, int, dict[str, float]]:
        """Sums over this rank's pairs divided by the window's pair count over all ranks."""
        pairs = self.items if split == "train" else self.eval_items
        lockstep = ranks is not None and ranks.lockstep
        # (pairs, weight): a rank without pairs runs pair 0 with weight 0 when every forward is a collective
        work = [(ks or [0], 1.0 if ks else 0.0) for ks in groups if ks or lockstep]
        n_pairs = sum(len(ks) * w for ks, w in work)
        if ranks is not None:
            n_pairs = int(ranks.sum([n_pairs], device)[0])
        totals: dict[str, float] = defaultdict(float)
        n_real = 0
        for ks, weight in work:
            sums, counts, real = self._logps(model, pairs, ks, device)
            n, ref = len(ks), self.ref[split][ks].to(device)
            losses, stats = dpo_losses(
                sums[:n], sums[n:], ref[:, 0], ref[:, 1], counts[:n], counts[n:], self.cfg
            )
            if backward:
                (losses.sum() * (weight / n_pairs)).backward()
            # one CPU-GPU sync per micro-batch
            values = torch.stack([losses.detach().sum(), *(v.sum() for v in stats.values())])
            for name, v in zip(("loss", *stats), values.tolist(), strict=True):
                totals[name] += v * weight
            n_real += real if weight else 0
        means = {k: totals[k] / n_pairs for k in ("loss", *METRICS)}
        return means.pop("loss"), n_real, means

    def step(
        self,
        model: PreTrainedModel,
        micro_batches: list[MicroBatch],
        device: torch.device,
        ranks: Ranks | None = None,
    ) -> StepResult:
        groups = [[row[0] for row in mb] for mb in micro_batches]
        loss, n_real, metrics = self._window(model, "train", groups, device, True, ranks)
        return StepResult(loss, n_real, metrics)

    @torch.no_grad()
    def evaluate(self, model: PreTrainedModel, device: torch.device) -> dict[str, float]:
        model.eval()
        n = len(self.eval_items)
        groups = [list(range(i, min(i + self.batch_size, n))) for i in range(0, n, self.batch_size)]
        loss, _, metrics = self._window(model, "eval", groups, device, backward=False)
        model.train()
        return {"eval/loss": loss, **{f"eval_{k}": v for k, v in metrics.items()}}
