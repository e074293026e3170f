"""Chat data -> token ids and loss masks -> packed or padded micro-batches.

Masking is done on token spans from rendering each turn with the model's own chat template, never by searching
for a response marker in the text (trl #598, #1191). Each rendered segment is tokenized with
add_special_tokens=False, so the template's BOS is the only one (OpenRLHF #393); a BOS is prepended only when the
tokenizer normally adds one and the template did not. Every assistant turn is trained including its end-of-turn
token; the EOS used as padding is masked by position, not by id (pad == eos trap, unsloth #416).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import torch

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

IGNORE = -100
ROLES = ("system", "user", "assistant")
Sample = tuple[list[int], list[int]]  # (token ids, labels with IGNORE on untrained positions)


class DataError(ValueError):
    pass


def pad_token_id(tok: PreTrainedTokenizerBase) -> int:
    return tok.pad_token_id if tok.pad_token_id is not None else (tok.eos_token_id or 0)


def read_jsonl(path: str) -> list[tuple[int, object]]:
    rows = []
    with open(path) as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append((i, json.loads(line)))
            except json.JSONDecodeError as e:
                raise DataError(f"{path}:{i}: not valid JSON ({e})") from None
    if not rows:
        raise DataError(f"{path}: no examples")
    return rows


def to_messages(obj: object, where: str, need_answer: bool = True) -> list[dict[str, str]]:
    """{"messages": [...]} or {"prompt", "completion"} -> list of {"role", "content"}."""
    if not isinstance(obj, dict):
        raise DataError(f"{where}: expected an object with 'messages' or 'prompt'/'completion'")
    if "messages" in obj:
        msgs = obj["messages"]
        if not isinstance(msgs, list) or not msgs:
            raise DataError(f"{where}: 'messages' must be a non-empty list")
        for j, m in enumerate(msgs):
            if (
                not isinstance(m, dict)
                or m.get("role") not in ROLES
                or not isinstance(m.get("content"), str)
            ):
                raise DataError(
                    f'{where}: messages[{j}] must be {{"role": one of {list(ROLES)}, "content": string}}'
                )
    elif "prompt" in obj:
        if not isinstance(obj["prompt"], str) or (
            need_answer and not isinstance(obj.get("completion"), str)
        ):
            raise DataError(f"{where}: 'prompt' and 'completion' must be strings")
        msgs = [{"role": "user", "content": obj["prompt"]}]
        if need_answer:
            msgs.append({"role": "assistant", "content": obj["completion"]})
    else:
        raise DataError(
            f"{where}: expected 'messages' or 'prompt'/'completion', got keys {sorted(obj)}"
        )
    if need_answer:
        if msgs[-1]["role"] != "assistant":
            raise DataError(
                f"{where}: the last message must be from the assistant (it is what gets trained)"
            )
        if msgs[0]["role"] == "assistant":
            raise DataError(f"{where}: the conversation must start with a system or user message")
    return [{"role": m["role"], "content": m["content"]} for m in msgs]


def _needs_bos(tok: PreTrainedTokenizerBase) -> bool:
    if tok.bos_token_id is None:
        return False
    return tok("a", add_special_tokens=True)["input_ids"][:1] == [tok.bos_token_id]


def text_ids(tok: PreTrainedTokenizerBase, text: str) -> list[int]:
    return tok(text, add_special_tokens=False)["input_ids"] if text else []


def render_chat(tok: PreTrainedTokenizerBase, msgs: list[dict], gen: bool, where: str) -> str:
    try:
        return tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=gen)
    except Exception as e:  # jinja raise_exception(): e.g. roles must alternate
        raise DataError(f"{where}: does not fit the model's chat template: {e}") from None


def segments(tok: PreTrainedTokenizerBase, msgs: list[dict], where: str) -> list[tuple[str, bool]]:
    """[(text, trained)] covering the whole rendered conversation."""
    if not tok.chat_template:
        if [m["role"] for m in msgs] != ["user", "assistant"]:
            raise DataError(
                f"{where}: the model has no chat template, so only single prompt/completion pairs work"
            )
        return [(msgs[0]["content"], False), (msgs[1]["content"] + (tok.eos_token or ""), True)]
    full, pos, out = render_chat(tok, msgs, False, where), 0, []
    for i, m in enumerate(msgs):
        if m["role"] != "assistant":
            continue
        start, end = (
            render_chat(tok, msgs[:i], True, where),
            render_chat(tok, msgs[: i + 1], False, where),
        )
        if not (full.startswith(end) and end.startswith(start) and len(start) >= pos):
            raise DataError(
                f"{where}: the chat template renders earlier turns differently once later turns are "
                "added, so assistant turns cannot be located by token span"
            )
        out += [(full[pos : len(start)], False), (full[len(start) : len(end)], True)]
        pos = len(end)
    return out + [(full[pos:], False)]


def encode(tok: PreTrainedTokenizerBase, msgs: list[dict], where: str) -> Sample:
    ids, labels = [], []
    if _needs_bos(tok):
        ids, labels = [tok.bos_token_id], [IGNORE]
    for text, trained in segments(tok, msgs, where):
        seg = text_ids(tok, text)
        if seg[:1] == [tok.bos_token_id] and ids == [tok.bos_token_id]:
            ids, labels = [], []  # the template wrote its own BOS: keep exactly one
        ids += seg
        labels += seg if trained else [IGNORE] * len(seg)
    return ids, labels


def with_one_bos(tok: PreTrainedTokenizerBase, ids: list[int]) -> list[int]:
    """ids with a BOS in front when the tokenizer normally adds one and the template did not write it."""
    if _needs_bos(tok) and ids[:1] != [tok.bos_token_id]:
        return [tok.bos_token_id, *ids]
    return ids


def encode_prompt(tok: PreTrainedTokenizerBase, msgs: list[dict]) -> list[int]:
    """Prompt ids for generation, built exactly like the training prefix."""
    text = (
        tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)
        if tok.chat_template
        else msgs[-1]["content"]
    )
    return with_one_bos(tok, text_ids(tok, text))


def load_examples(
    path: str, tok: PreTrainedTokenizerBase, max_seq_len: int
) -> tuple[list[Sample], int]:
    samples, errors, truncated = [], [], 0
    for line, obj in read_jsonl(path):
        where = f"{path}:{line}"
        try:
            ids, labels = encode(tok, to_messages(obj, where), where)
        except DataError as e:
            errors.append(str(e))
            continue
        if len(ids) > max_seq_len:
            truncated += 1
            ids, labels = ids[:max_seq_len], labels[:max_seq_len]
            if all(x == IGNORE for x in labels[1:]):
                errors.append(
                    f"{where}: the prompt alone fills training.max_seq_len={max_seq_len} tokens; "
                    "raise max_seq_len or shorten the example"
                )
                continue
        samples.append((ids, labels))
    if errors:
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise DataError("; ".join(errors[:5]) + more)
    return samples, truncated


def epoch_rows(
    samples: list[Sample], epoch: int, seed: int, packing: bool, max_seq_len: int
) -> list[list[int]]:
    """Rows (lists of sample indices) in this epoch's order; the order depends only on (seed, epoch)."""
    g = torch.Generator().manual_seed(seed * 1_000_003 + epoch)
    order = torch.randperm(len(samples), generator=g).tolist()
    if not packing:
        return [[i] for i in order]
    rows, cur, used = [], [], 0
    for i in order:
        n = len(samples[i][0])
        if cur and used + n > max_seq_len:
            rows.append(cur)
            cur, used = [], 0
        cur.append(i)
        used += n
    return rows + ([cur] if cur else [])


def collate(samples: list[Sample], rows: list[list[int]], pad_id: int, packing: bool) -> dict:
    """input_ids, position_ids, targets (already shifted: targets[t] is the token after t), attention_mask.
    Packed rows carry no attention mask: transformers derives the block-diagonal mask from the position-id resets."""
    seqs, poss, tgts = [], [], []
    for row in rows:
        ids, pos, tgt = [], [], []
        for i in row:
            s_ids, s_lab = samples[i]
            ids += s_ids
            pos += list(range(len(s_ids)))
            # shifting per sample: no target ever crosses into the next sample
            tgt += s_lab[1:] + [IGNORE]
        seqs.append(ids), poss.append(pos), tgts.append(tgt)
    width = max(len(s) for s in seqs)
    ids_t = torch.full((len(rows), width), pad_id, dtype=torch.long)
    pos_t = torch.zeros((len(rows), width), dtype=torch.long)
    tgt_t = torch.full((len(rows), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for r, (ids, pos, tgt) in enumerate(zip(seqs, poss, tgts, strict=True)):
        n = len(ids)
        ids_t[r, :n], tgt_t[r, :n], mask[r, :n] = torch.tensor(ids), torch.tensor(tgt), 1
        pos_t[r, :n] = torch.tensor(pos)
        # padding is its own "sequence" when packed, masked otherwise
        pos_t[r, n:] = torch.arange(width - n)
    return {
        "input_ids": ids_t,
        "position_ids": pos_t,
        "targets": tgt_t,
        "attention_mask": None if packing else mask,
        "n_real": int(mask.sum()),
    }
