"""Preference pairs for DPO: OpenAI's preference fine-tuning JSONL, tokenized as TRL's DPOTrainer tokenizes
conversational data.

A line is
    {"input": {"messages": [...], "tools": [], "parallel_tool_calls": true},
     "preferred_output": [{"role": "assistant", "content": "..."}],
     "non_preferred_output": [{"role": "assistant", "content": "..."}]}
the format users upload to OpenAI. `tools` may only be empty (no tool calling here); messages hold text.

Tokenization follows trl DPOTrainer._prepare_dataset: the prompt is rendered with the chat template and
add_generation_prompt=True; prompt+chosen and prompt+rejected are rendered whole; the completion starts where the
tokenized prompt and the tokenized whole stop agreeing (trl common_prefix_length), so it is everything the template
writes after the prompt, end-of-turn token included. One difference: a BOS is added exactly as for SFT and generation
(data.with_one_bos) when the tokenizer normally adds one and the template does not write it; TRL adds none then.
Rows longer than max_seq_len keep their start (TRL's keep_start). A prompt that alone fills max_seq_len is an error
naming the line (TRL drops such examples silently).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .data import IGNORE, ROLES, DataError, Sample, read_jsonl, render_chat, text_ids, with_one_bos

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

Pair = tuple[Sample, Sample]  # (prompt + chosen, prompt + rejected), labels on the completion only
TOP_KEYS = ("input", "preferred_output", "non_preferred_output")
INPUT_KEYS = ("messages", "tools", "parallel_tool_calls")


def _message(m: object, where: str, roles: tuple[str, ...]) -> dict[str, str]:
    if not isinstance(m, dict):
        raise DataError(f"{where} must be an object with 'role' and 'content'")
    if m.get("role") not in roles:
        raise DataError(f"{where}.role must be one of {list(roles)}, got {m.get('role')!r}")
    if not isinstance(m.get("content"), str):
        raise DataError(
            f"{where}.content must be a string (text only), got {type(m.get('content')).__name__}"
        )
    return {"role": m["role"], "content": m["content"]}


def _keys(obj: dict, allowed: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(obj) - set(allowed))
    if unknown:
        raise DataError(f"{where}: unknown key(s) {unknown}; allowed keys are {list(allowed)}")


def to_preference(obj: object, where: str) -> tuple[list[dict], dict, dict]:
    """(prompt messages, preferred message, non-preferred message) from one line, or a DataError naming the field."""
    if not isinstance(obj, dict):
        raise DataError(f"{where}: expected an object with {list(TOP_KEYS)}")
    _keys(obj, TOP_KEYS, where)
    missing = [k for k in TOP_KEYS if k not in obj]
    if missing:
        raise DataError(f"{where}: missing {missing}")
    inp = obj["input"]
    if not isinstance(inp, dict):
        raise DataError(f"{where}: input must be an object with 'messages'")
    _keys(inp, INPUT_KEYS, f"{where}: input")
    if inp.get("tools") not in (None, []):
        raise DataError(f"{where}: input.tools must be empty; tool calling is not supported")
    if not isinstance(inp.get("parallel_tool_calls", True), bool):
        raise DataError(f"{where}: input.parallel_tool_calls must be true or false")
    msgs = inp.get("messages")
    if not isinstance(msgs, list) or not msgs:
        raise DataError(f"{where}: input.messages must be a non-empty list")
    prompt = [_message(m, f"{where}: input.messages[{j}]", ROLES) for j, m in enumerate(msgs)]
    if prompt[-1]["role"] != "user":
        raise DataError(f"{where}: input.messages must end with a user message (the one answered)")
    answers = []
    for key in TOP_KEYS[1:]:
        out = obj[key]
        if not isinstance(out, list) or len(out) != 1:
            raise DataError(f"{where}: {key} must be a list of exactly one assistant message")
        answers.append(_message(out[0], f"{where}: {key}[0]", ("assistant",)))
    return prompt, answers[0], answers[1]


def _common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def encode_pair(
    tok: PreTrainedTokenizerBase, prompt: list[dict], chosen: dict, rejected: dict, where: str
) -> Pair:
    if tok.chat_template:
        prompt_ids = text_ids(tok, render_chat(tok, prompt, True, where))
        wholes = [
            text_ids(tok, render_chat(tok, [*prompt, a], False, where)) for a in (chosen, rejected)
        ]
    else:  # TRL's plain-text path: prompt, then the completion with an EOS appended
        if [m["role"] for m in prompt] != ["user"]:
            raise DataError(
                f"{where}: the model has no chat template, so input.messages must be one user message"
            )
        text = prompt[0]["content"]
        eos = tok.eos_token or ""
        prompt_ids = text_ids(tok, text)
        wholes = [
            text_ids(tok, text + a["content"] + ("" if a["content"].endswith(eos) else eos))
            for a in (chosen, rejected)
        ]
    prompt_len = min(_common_prefix(prompt_ids, w) for w in wholes)
    pair = []
    for whole in wholes:
        ids = with_one_bos(tok, whole)
        cut = prompt_len + len(ids) - len(whole)
        if cut == 0:
            raise DataError(
                f"{where}: the prompt renders to no tokens, so no token predicts the completion"
            )
        pair.append((ids, [IGNORE] * cut + ids[cut:]))
    return pair[0], pair[1]


def load_pairs(path: str, tok: PreTrainedTokenizerBase, max_seq_len: int) -> tuple[list[Pair], int]:
    """Pairs truncated to max_seq_len (keep_start), and how many rows were truncated."""
    pairs, errors, truncated = [], [], 0
    for line, obj in read_jsonl(path):
        where = f"{path}:{line}"
        try:
            chosen, rejected = encode_pair(tok, *to_preference(obj, where), where)
        except DataError as e:
            errors.append(str(e))
            continue
        prompt_len = next(i for i, lab in enumerate(chosen[1]) if lab != IGNORE)
        if prompt_len >= max_seq_len:
            errors.append(
                f"{where}: the prompt alone fills training.max_seq_len={max_seq_len} tokens; "
                "raise max_seq_len or shorten the example"
            )
            continue
        cut = []
        for ids, labels in (chosen, rejected):
            truncated += len(ids) > max_seq_len
            cut.append((ids[:max_seq_len], labels[:max_seq_len]))
        pairs.append((cut[0], cut[1]))
    if errors:
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise DataError("; ".join(errors[:5]) + more)
    return pairs, truncated
