"""A judge served over stdin/stdout: load the model once, then answer each stdin line's batch.

Request:  {"requests": [{"id": "...", "messages": [{"role": ..., "content": ...}, ...]}, ...]}
Answer:   {"type": "judgment", "id": "...", "text": "...", "prompt_tokens": n, "completion_tokens": n}
          for each request, after one generate.py batch generation over the line's requests
          (greedy, temperature 0, as MT-Bench's judges). A request that cannot be read is answered
          {"type": "judgment_error", "id": ..., "error": "..."} and the rest of its batch is still
          judged; end of stdin ends the process."""

import json
import sys
from types import SimpleNamespace

import torch

from . import events
from .data import DataError, encode_prompt, to_messages
from .generate import generate_batch
from .model import load_model, load_tokenizer, resolve_device

Refusal = tuple[object, str]  # the request's id (None when unreadable) and why


def _read_batch(line: str, n: int) -> tuple[list[tuple[str, list[dict]]], list[Refusal]]:
    """The line's readable requests as (id, messages), and the refused ones."""
    try:
        body = json.loads(line)
    except ValueError as e:
        return [], [(None, f"stdin:{n}: not JSON ({e})")]
    reqs = body.get("requests") if isinstance(body, dict) else None
    if not isinstance(reqs, list) or not reqs:
        return [], [(None, f"stdin:{n}: give {{'requests': [...]}} with at least one request")]
    good: list[tuple[str, list[dict]]] = []
    refused: list[Refusal] = []
    for i, req in enumerate(reqs):
        where = f"stdin:{n}: requests[{i}]"
        rid = req.get("id") if isinstance(req, dict) else None
        if not isinstance(rid, str):
            refused.append((rid, f"{where}: each request needs an 'id' (string)"))
            continue
        try:
            good.append(
                (rid, to_messages({"messages": req.get("messages")}, where, need_answer=False))
            )
        except DataError as e:
            refused.append((rid, str(e)))
    return good, refused


def serve(model_path: str, max_new_tokens: int, device_name: str) -> int:
    device, dtype = resolve_device(device_name)
    tok = load_tokenizer(model_path)
    model = load_model(model_path, device, dtype)
    model.eval()
    settings = SimpleNamespace(max_new_tokens=max_new_tokens, temperature=0.0, top_p=1.0, stop=[])
    events.emit("started", device=device.type, dtype=str(dtype).removeprefix("torch."))
    for n, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        good, refused = _read_batch(line, n)
        for rid, error in refused:
            events.emit("judgment_error", id=rid, error=error)
        if not good:
            continue
        torch.manual_seed(0)
        texts = generate_batch(model, tok, [m for _, m in good], settings, device)
        for (rid, msgs), text in zip(good, texts, strict=True):
            events.emit(
                "judgment",
                id=rid,
                text=text,
                prompt_tokens=len(encode_prompt(tok, msgs)),
                completion_tokens=len(tok(text, add_special_tokens=False).input_ids),
            )
    events.emit("completed")
    return 0
