"""Which rows each optimizer step trains on, and where the LR schedule stands, also across a change of world size.

A run's rows are fixed when it first starts: every epoch's rows (data.epoch_rows: the order depends on seed and
epoch only) are cut into global micro-batches of batch_size x ranks rows, grad_accum of them a step, never across an
epoch boundary, for `epochs` epochs or `max_steps` such steps. The progress a checkpoint stores says where the run
stands in those rows (`position`: epoch, rows of it consumed) and where they end (`end`), so `--resume` on another
number of ranks (LoRA / QLoRA: the adapter and optimizer state are replicated) cuts the rows still to train at the
new global batch: every row is trained once, in the same order. The optimizer's step count goes on, and the rest of
the warmup-then-cosine schedule (over the first start's steps) is spread evenly over the steps left (`schedule`), so
the LR is continuous at the resume and reaches 0 at the last step. At the same world size the steps left are exactly
the ones the interrupted run would have taken.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from .data import epoch_rows

if TYPE_CHECKING:
    from .sft import MicroBatch
    from .spec import TrainingSpec


class Window(NamedTuple):
    """One optimizer step."""

    epoch: int
    end: int  # rows of the epoch consumed once this step is taken
    epoch_rows: int
    micro_batches: list[
        MicroBatch
    ]  # global micro-batches (rows of item indices); train.py keeps its rank's


def make_windows(
    items: list,
    t: TrainingSpec,
    world: int = 1,
    start: tuple[int, int] = (0, 0),
    end: tuple[int, int] | None = None,
) -> list[Window]:
    """The steps from `start` (epoch, row) to `end` (exclusive), or, without an end, a fresh run's steps
    (`epochs`, or `max_steps` of them)."""
    windows, epoch, size = [], start[0], t.batch_size * world

    def more() -> bool:
        if end:
            return epoch <= end[0]
        return epoch < t.epochs or bool(t.max_steps and len(windows) < t.max_steps)

    while more():
        rows = epoch_rows(items, epoch, t.seed, t.packing, t.max_seq_len)
        lo = start[1] if epoch == start[0] else 0
        hi = end[1] if end and epoch == end[0] else len(rows)
        mbs = [rows[i : min(i + size, hi)] for i in range(lo, hi, size)]
        for i in range(0, len(mbs), t.grad_accum):
            stop = min(lo + (i + t.grad_accum) * size, hi)
            windows.append(Window(epoch, stop, len(rows), mbs[i : i + t.grad_accum]))
        epoch += 1
    return windows[: t.max_steps] if t.max_steps and not end else windows


def lr_lambda(warmup: int, total: int) -> Callable[[float], float]:
    def f(step: float) -> float:
        if step < warmup:
            return (step + 1) / (warmup + 1)
        progress = (step - warmup) / max(1, total - warmup)
        return 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))

    return f


def schedule_position(s: dict, step: int) -> float:
    """Where step `step` stands in the first start's schedule: steps before a resize map one to one, the steps
    after it share the schedule's rest evenly."""
    rest = (s["plan_steps"] - s["from_position"]) / max(1, s["steps"] - s["from_step"])
    return s["from_position"] + (step - s["from_step"]) * rest


def lr_schedule(warmup: int, s: dict) -> Callable[[int], float]:
    f = lr_lambda(warmup, s["plan_steps"])
    if s["from_step"] == 0 and s["steps"] == s["plan_steps"]:
        return f  # never resized: exactly the plain schedule
    frozen = dict(s)
    return lambda step: f(schedule_position(frozen, step))


def plan_steps(items: list, t: TrainingSpec, world: int, progress: dict) -> list[Window]:
    """The steps still to take on `world` ranks after progress["step"] steps. Records the plan in progress on a
    fresh start (and for a checkpoint written before these keys existed, from the world size it was written by);
    after a resize, re-spreads the schedule over the new number of steps."""
    done = progress["step"]
    if "end" not in progress:
        first = make_windows(items, t, progress["world_size"])
        progress["end"] = [first[-1].epoch, first[-1].end]
        progress["position"] = [first[done - 1].epoch, first[done - 1].end] if done else [0, 0]
        n = len(first)
        progress["schedule"] = {"plan_steps": n, "steps": n, "from_step": 0, "from_position": 0.0}
    windows = make_windows(items, t, world, tuple(progress["position"]), tuple(progress["end"]))
    s, steps = progress["schedule"], done + len(windows)
    if steps != s["steps"]:
        s.update(from_position=schedule_position(s, done), from_step=done, steps=steps)
    return windows
