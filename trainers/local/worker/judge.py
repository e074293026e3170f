"""A judge served over stdin/stdout: load the model once, then answer one request per stdin line.

Request:  {"id": "...", "messages": [{"role": ..., "content": ...}, ...]}
Answer:   {"type": "judgment", "id": "...", "text": "...", "prompt_tokens": n, "completion_tokens": n}
Greedy decoding (temperature 0, as MT-Bench's judges), through generate.py's batch generation. A
request that cannot be read is answered {"type": "judgment_error", "id": ..., "error": "..."} and the
loop goes on; end of stdin ends the process."""

import json
import sys
from types import SimpleNamespace

import torch

from . import events
from .data import DataError, encode_prompt, to_messages
from .generate import generate_batch
from .model import load_model, load_tokenizer, resolve_device


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
        rid = None
        try:
            req = json.loads(line)
            rid = req.get("id") if isinstance(req, dict) else None
            if not isinstance(rid, str):
                raise DataError(f"stdin:{n}: each request needs an 'id' (string)")
            msgs = to_messages({"messages": req.get("messages")}, f"stdin:{n}", need_answer=False)
        except (ValueError, DataError) as e:
            events.emit("judgment_error", id=rid, error=str(e))
            continue
        torch.manual_seed(0)
        [text] = generate_batch(model, tok, [msgs], settings, device)
        events.emit(
            "judgment",
            id=rid,
            text=text,
            prompt_tokens=len(encode_prompt(tok, msgs)),
            completion_tokens=len(tok(text, add_special_tokens=False).input_ids),
        )
    events.emit("completed")
    return 0
