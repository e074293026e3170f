"""Teacher-forced NLL of each sample's reference answer, into JSONL: {"id", "nll", "tokens"} per line.

A sample is encoded exactly as training encodes it (data.encode: the chat template, one BOS, the
assistant turn with its end-of-turn tokens), and only the tokens of its last assistant turn, the
reference answer, are scored: `nll` is their summed negative log-likelihood in nats (computed in
float32 whatever the model's dtype), `tokens` their count. Perplexity is exp(Σ nll / Σ tokens)
over a corpus; the TypeScript side (evals/perplexity.ts) does that and its CI. Rows are
right-padded in batches, so a row's scores do not depend on its neighbours."""

import json
import os
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from . import events
from .data import IGNORE, DataError, Sample, encode, pad_token_id, read_jsonl, to_messages
from .lora import load_adapter
from .model import load_model, load_tokenizer, resolve_device
from .spec import _check, _check_file, _is_int


@dataclass
class PerplexitySpec:
    # a model folder, .gguf or cached hub id; a full fine-tune's output folder is given here
    base_model: str
    # JSONL, one sample a line: {"id", "messages"} or {"id", "prompt", "completion"}
    samples_file: str
    adapter: str | None = None  # a PEFT-layout LoRA folder applied to base_model
    batch_size: int = 8
    device: str = "auto"

    def __post_init__(self):
        _check(
            isinstance(self.base_model, str) and self.base_model,
            "base_model must be a non-empty string",
        )
        _check_file(self.samples_file, "samples_file")
        if self.adapter is not None:
            _check(
                os.path.isfile(os.path.join(self.adapter, "adapter_config.json")),
                f"adapter: no adapter_config.json in {self.adapter}",
            )
        _check(
            _is_int(self.batch_size) and self.batch_size > 0,
            "batch_size must be a positive integer",
        )
        _check(self.device in ("auto", "cpu", "cuda"), 'device must be "auto", "cpu" or "cuda"')


def answer_only(sample: Sample) -> Sample:
    """Keeps the labels of the last assistant turn (the reference); earlier turns are prompt."""
    ids, labels = sample
    end = max(i for i, x in enumerate(labels) if x != IGNORE) + 1
    start = end
    while start > 0 and labels[start - 1] != IGNORE:
        start -= 1
    return ids, [x if start <= i < end else IGNORE for i, x in enumerate(labels)]


def read_samples(path: str, tok: PreTrainedTokenizerBase) -> list[tuple[str, Sample]]:
    out = []
    for line, obj in read_jsonl(path):
        where = f"{path}:{line}"
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), (str, int)):
            raise DataError(f"{where}: each line needs an 'id' (string)")
        msgs = to_messages({k: v for k, v in obj.items() if k != "id"}, where)
        out.append((str(obj["id"]), answer_only(encode(tok, msgs, where))))
    return out


@torch.no_grad()
def score_batch(
    model: PreTrainedModel, samples: list[Sample], pad_id: int, device: torch.device
) -> list[tuple[float, int]]:
    """(summed NLL, token count) of each sample's labelled tokens."""
    width = max(len(ids) for ids, _ in samples)
    ids_t = torch.full((len(samples), width), pad_id, dtype=torch.long)
    tgt_t = torch.full((len(samples), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(samples), width), dtype=torch.long)
    for r, (ids, labels) in enumerate(samples):
        n = len(ids)
        ids_t[r, :n], mask[r, :n] = torch.tensor(ids), 1
        tgt_t[r, : n - 1] = torch.tensor(labels[1:])  # targets[t] is the token after t
    logits = model(input_ids=ids_t.to(device), attention_mask=mask.to(device)).logits
    tgt_t = tgt_t.to(device)
    nll = F.cross_entropy(
        logits.float().transpose(1, 2), tgt_t, ignore_index=IGNORE, reduction="none"
    )
    counted = tgt_t != IGNORE
    return [
        (float(nll[r][counted[r]].double().sum()), int(counted[r].sum()))
        for r in range(len(samples))
    ]


def perplexity(spec: PerplexitySpec, out_path: str) -> int:
    device, dtype = resolve_device(spec.device)
    tok = load_tokenizer(spec.base_model)
    samples = read_samples(spec.samples_file, tok)
    model = load_model(spec.base_model, device, dtype)
    if spec.adapter:
        load_adapter(model, spec.adapter)
    model.eval()
    events.emit(
        "started", device=device.type, dtype=str(dtype).removeprefix("torch."), total=len(samples)
    )
    pad_id, done = pad_token_id(tok), 0
    with open(out_path + ".partial", "w") as f:
        for i in range(0, len(samples), spec.batch_size):
            chunk = samples[i : i + spec.batch_size]
            scored = score_batch(model, [s for _, s in chunk], pad_id, device)
            for (sid, _), (nll, tokens) in zip(chunk, scored, strict=True):
                f.write(json.dumps({"id": sid, "nll": nll, "tokens": tokens}) + "\n")
            done += len(chunk)
            events.emit("progress", done=done, total=len(samples))
    os.replace(out_path + ".partial", out_path)
    events.emit("completed", count=done)
    return 0
