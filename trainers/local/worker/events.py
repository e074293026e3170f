"""The stdout protocol: one JSON object per line, nothing else. Human logs go to stderr.

stdout is reserved before anything else is imported (see __main__.py): libraries that print (tqdm,
transformers warnings) are pointed at stderr so the TypeScript reader never sees a stray line.
"""

from __future__ import annotations

import json
import logging
import math
import os
import resource
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

_out = None  # set by reserve_stdout(); in-process callers (tests) use sys.stdout
_rank = 0  # under torchrun only rank 0 writes events; the others' go to stderr, for their logs
logger = logging.getLogger("worker")


def reserve_stdout() -> None:
    """Keep the real stdout for events and send every other print to stderr."""
    global _out
    _out = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s"
    )


def _clean(v: object) -> object:
    # json.dumps would write NaN/Infinity, which is not JSON; the TS side would reject the line.
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def set_rank(rank: int) -> None:
    global _rank
    _rank = rank


def emit(type_: str, **fields: object) -> None:
    rec = {"type": type_, "time": time.time(), **{k: _clean(v) for k, v in fields.items()}}
    if _rank:
        sys.stderr.write(f"[rank {_rank}] {json.dumps(rec)}\n")
        return
    out = _out or sys.stdout
    out.write(json.dumps(rec) + "\n")
    out.flush()


def log(message: str, level: str = "info") -> None:
    getattr(logger, "warning" if level == "warning" else "info")(message)
    emit("log", level=level, message=message)


def peak_mem_bytes(device: torch.device) -> int:
    import torch

    if device.type == "cuda":
        return int(torch.cuda.max_memory_allocated(device))
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024  # Linux reports KiB
