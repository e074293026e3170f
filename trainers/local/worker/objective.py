"""What the SFT and DPO objectives share: their train and eval items, read by one loader, the pad id and the
batch size. Each objective names its loader (data.load_examples, preference.load_pairs) and keeps the rest."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from .data import pad_token_id

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

    from .spec import TrainSpec

Item = TypeVar("Item")
Loader = Callable[[str, "PreTrainedTokenizerBase", int], tuple[list[Item], int]]


class Objective(Generic[Item]):
    def __init__(self, spec: TrainSpec, tok: PreTrainedTokenizerBase, load: Loader[Item]) -> None:
        t = spec.training
        # truncated: training rows cut to max_seq_len, which train.py warns about
        self.items, self.truncated = load(spec.train_file, tok, t.max_seq_len)
        self.eval_items: list[Item] | None = None
        if spec.eval_file:
            self.eval_items = load(spec.eval_file, tok, t.max_seq_len)[0]
        self.pad_id, self.batch_size = pad_token_id(tok), t.batch_size
