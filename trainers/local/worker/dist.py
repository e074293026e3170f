"""Data-parallel training under torchrun: one rank per device, the ranks of one job in one process group.

A worker started without torchrun's WORLD_SIZE (or with WORLD_SIZE=1) is one process and none of this runs.
Under `torchrun --nproc-per-node N [--nnodes M …]` each of the N×M ranks loads the same model and trains on its own
rows of every micro-batch (shard_window); the trained parameters are replicated, and after each accumulation
window the ranks sum their gradients (one flattened all-reduce: the frozen base never travels), so every rank
takes the same optimizer step. Backend: nccl on CUDA (each rank on cuda:LOCAL_RANK), gloo on CPU.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.distributed as dist

# A collective that waits longer than this fails the rank instead of hanging: rank 0 evaluates and writes
# checkpoints while the others wait in the next collective, so it is generous.
TIMEOUT = datetime.timedelta(minutes=30)


@dataclass
class Ranks:
    rank: int = 0
    world: int = 1
    local_rank: int = 0
    # FSDP: every forward is a collective, so a rank without rows still runs one (on a stand-in row, weight 0)
    lockstep: bool = False

    @property
    def main(self) -> bool:
        return self.rank == 0

    @property
    def active(self) -> bool:
        return self.world > 1

    def sum(self, values: list[float], device: torch.device) -> list[float]:
        """Element-wise sums over the ranks (the values as they are on one process)."""
        if not self.active:
            return list(values)
        t = torch.tensor(values, dtype=torch.float64, device=device)
        _collective(dist.all_reduce, t)
        return t.tolist()

    def gather(self, value: float, device: torch.device) -> list[float]:
        """One number from every rank, in rank order."""
        if not self.active:
            return [value]
        out = [torch.zeros(1, dtype=torch.float64, device=device) for _ in range(self.world)]
        _collective(dist.all_gather, out, torch.tensor([value], dtype=torch.float64, device=device))
        return [float(t) for t in out]

    def sum_grads(self, params: list[torch.nn.Parameter]) -> None:
        """Sum the trained parameters' gradients over the ranks, in one flat buffer (a rank whose rows were all
        padding contributes zeros)."""
        if not self.active:
            return
        grads = [p.grad if p.grad is not None else torch.zeros_like(p) for p in params]
        flat = torch.cat([g.reshape(-1) for g in grads])
        _collective(dist.all_reduce, flat)
        offset = 0
        for p, g in zip(params, grads, strict=True):
            p.grad = flat[offset : offset + g.numel()].view_as(g).clone()
            offset += g.numel()

    def barrier(self) -> None:
        if self.active:
            _collective(dist.barrier)


def _collective(op: Callable[..., object], *args: object) -> None:
    """A collective whose peer is gone fails with the transport's words; say what that means for the run."""
    try:
        op(*args)
    except (RuntimeError, dist.DistError) as e:
        raise RuntimeError(
            "another rank of this torchrun job stopped (failed, killed, or timed out after "
            f"{TIMEOUT.total_seconds():.0f} s); its error is in its log on stderr: {e}"
        ) from e


def from_env() -> Ranks:
    """This process's place in torchrun's job (one process without torchrun)."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return Ranks()
    return Ranks(int(os.environ["RANK"]), world, int(os.environ.get("LOCAL_RANK", "0")))


def start(ranks: Ranks, cuda: bool) -> None:
    """Join the process group; each rank on its own GPU (cuda:LOCAL_RANK among CUDA_VISIBLE_DEVICES)."""
    if not ranks.active:
        return
    if cuda:
        torch.cuda.set_device(ranks.local_rank)
    if not dist.is_initialized():
        dist.init_process_group("nccl" if cuda else "gloo", timeout=TIMEOUT)


def stop() -> None:
    if dist.is_initialized():
        dist.destroy_process_group()


def shard(rows: list, ranks: Ranks, per_rank: int) -> list:
    """This rank's rows of a global micro-batch: rows [rank·B, (rank+1)·B), so a 1-rank run with batch B·N sees
    the same micro-batch as N ranks with batch B (the last one of an epoch may leave a rank with none)."""
    return rows[ranks.rank * per_rank : (ranks.rank + 1) * per_rank]
