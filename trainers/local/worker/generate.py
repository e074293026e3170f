"""Batched generation from base + adapter (merged or not) into predictions JSONL, in input order.

Prompts are encoded exactly like the training prefix (data.encode_prompt), left-padded, and decoded from the
new tokens only. Stop strings cut the output before the first match and end that row early."""

import json
import os

import torch
from transformers import (
    PreTrainedModel,
    PreTrainedTokenizerBase,
    StoppingCriteria,
    StoppingCriteriaList,
)

from . import events
from .data import DataError, encode_prompt, read_jsonl, to_messages
from .lora import load_adapter, lora_modules
from .model import load_model, load_tokenizer, resolve_device
from .spec import GenerateSpec


class _StopOnStrings(StoppingCriteria):
    def __init__(self, tok: PreTrainedTokenizerBase, stops: list[str], prompt_len: int) -> None:
        self.tok, self.stops, self.prompt_len = tok, stops, prompt_len

    def __call__(
        self, input_ids: torch.Tensor, scores: torch.Tensor, **kwargs: object
    ) -> torch.Tensor:
        texts = self.tok.batch_decode(input_ids[:, self.prompt_len :], skip_special_tokens=True)
        return torch.tensor(
            [any(s in t for s in self.stops) for t in texts], device=input_ids.device
        )


def cut_at_stop(text: str, stops: list[str]) -> str:
    cut = min((text.find(s) for s in stops if s in text), default=-1)
    return text if cut < 0 else text[:cut]


def read_prompts(path: str) -> list[tuple[str, list[dict]]]:
    prompts = []
    for line, obj in read_jsonl(path):
        where = f"{path}:{line}"
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), (str, int)):
            raise DataError(f"{where}: each line needs an 'id' (string)")
        msgs = to_messages({k: v for k, v in obj.items() if k != "id"}, where, need_answer=False)
        prompts.append((str(obj["id"]), msgs))
    return prompts


@torch.no_grad()
def generate_batch(
    model: PreTrainedModel,
    tok: PreTrainedTokenizerBase,
    batch_msgs: list[list[dict]],
    spec: GenerateSpec,
    device: torch.device,
) -> list[str]:
    pad_id = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    encoded = [encode_prompt(tok, m) for m in batch_msgs]
    width = max(len(e) for e in encoded)
    ids = torch.full((len(encoded), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(encoded), width), dtype=torch.long)
    for i, e in enumerate(encoded):  # left padding: every row's next token sits in the last column
        ids[i, width - len(e) :], mask[i, width - len(e) :] = torch.tensor(e), 1
    kw = dict(
        max_new_tokens=spec.max_new_tokens,
        pad_token_id=pad_id,
        eos_token_id=tok.eos_token_id,
        use_cache=True,
    )
    if spec.temperature > 0:
        kw.update(do_sample=True, temperature=spec.temperature, top_p=spec.top_p, top_k=0)
    else:
        kw.update(do_sample=False, temperature=None, top_p=None, top_k=None)
    if spec.stop:
        kw["stopping_criteria"] = StoppingCriteriaList([_StopOnStrings(tok, spec.stop, width)])
    out = model.generate(input_ids=ids.to(device), attention_mask=mask.to(device), **kw)
    texts = tok.batch_decode(out[:, width:], skip_special_tokens=True)
    return [cut_at_stop(t, spec.stop) for t in texts]


def generate(spec: GenerateSpec, out_path: str) -> int:
    device, dtype = resolve_device(spec.device)
    torch.manual_seed(spec.seed)
    tok = load_tokenizer(spec.base_model)
    prompts = read_prompts(spec.prompts_file)
    model = load_model(spec.base_model, device, dtype)
    if spec.adapter:
        load_adapter(model, spec.adapter)
        if spec.merge_adapter:
            for _, m in lora_modules(model):
                m.merge()
    model.eval()
    events.emit(
        "started", device=device.type, dtype=str(dtype).removeprefix("torch."), total=len(prompts)
    )
    done = 0
    with open(out_path + ".partial", "w") as f:
        for i in range(0, len(prompts), spec.batch_size):
            chunk = prompts[i : i + spec.batch_size]
            for (pid, _), text in zip(
                chunk, generate_batch(model, tok, [m for _, m in chunk], spec, device), strict=True
            ):
                f.write(json.dumps({"id": pid, "output": text}) + "\n")
            done += len(chunk)
            events.emit("progress", done=done, total=len(prompts))
    os.replace(out_path + ".partial", out_path)
    events.emit("completed", count=done)
    return 0
