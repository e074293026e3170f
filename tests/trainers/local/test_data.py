"""Chat rendering, loss masks, BOS handling, packing."""

import pytest
import torch
from conftest import make_tokenizer, write_jsonl
from transformers import AutoModelForCausalLM

from worker.data import (
    IGNORE,
    DataError,
    collate,
    encode,
    encode_prompt,
    epoch_rows,
    load_examples,
    to_messages,
)
from worker.loss import lm_loss_sum

CHAT = [
    {"role": "system", "content": "be good"},
    {"role": "user", "content": "hello"},
    {"role": "assistant", "content": "hi"},
    {"role": "user", "content": "how are you ?"},
    {"role": "assistant", "content": "fine thanks"},
]


def test_masks_prompts_and_trains_every_assistant_turn_with_its_end_token():
    tok = make_tokenizer()
    ids, labels = encode(tok, CHAT, "x")
    toks = tok.convert_ids_to_tokens(ids)
    assert toks.count("<s>") == 1 and toks[0] == "<s>"
    trained = [t for t, lab in zip(toks, labels, strict=True) if lab != IGNORE]
    assert trained == ["hi", "<|im_end|>", "fine", "thanks", "<|im_end|>"]
    assert [lab for lab in labels if lab != IGNORE] == [
        i for i, lab in zip(ids, labels, strict=True) if lab != IGNORE
    ]


def test_generation_prompt_is_the_training_prefix():
    tok = make_tokenizer()
    ids, labels = encode(tok, CHAT[:3], "x")
    first_trained = next(i for i, lab in enumerate(labels) if lab != IGNORE)
    assert encode_prompt(tok, CHAT[:2]) == ids[:first_trained]


def test_prompt_completion_lines_and_errors(tmp_path):
    tok = make_tokenizer()
    assert to_messages({"prompt": "a", "completion": "b"}, "x")[1] == {
        "role": "assistant",
        "content": "b",
    }
    with pytest.raises(DataError, match="last message must be from the assistant"):
        to_messages({"messages": CHAT[:2]}, "f:3")
    with pytest.raises(DataError, match="role"):
        to_messages({"messages": [{"role": "bot", "content": "x"}]}, "f:3")
    bad = [{"messages": [CHAT[1], CHAT[0], CHAT[2]]}]  # the template refuses a late system message
    with pytest.raises(DataError, match=r"train.jsonl:1: does not fit the model's chat template"):
        load_examples(write_jsonl(tmp_path / "train.jsonl", bad), tok, 64)
    with pytest.raises(DataError, match="max_seq_len=5"):
        load_examples(write_jsonl(tmp_path / "t2.jsonl", [{"messages": CHAT}]), tok, 5)


def test_packing_resets_positions_and_matches_separate_sequences(model_dirs):
    tok = make_tokenizer()
    model = AutoModelForCausalLM.from_pretrained(model_dirs["llama"], dtype=torch.float32).eval()
    samples = [encode(tok, CHAT, "a"), encode(tok, CHAT[1:3], "b"), encode(tok, CHAT[:3], "c")]
    packed = collate(samples, [[0, 1, 2]], tok.pad_token_id, packing=True)
    n0 = len(samples[0][0])
    assert packed["position_ids"][0, : n0 + 2].tolist() == list(range(n0)) + [0, 1]
    assert packed["attention_mask"] is None
    assert packed["targets"][0, n0 - 1] == IGNORE  # no target crosses a sample boundary
    padded = collate(samples, [[0], [1], [2]], tok.pad_token_id, packing=False)
    with torch.no_grad():
        lp, kp = lm_loss_sum(model, packed)
        ls, ks = lm_loss_sum(model, padded)
        lu, ku = lm_loss_sum(model, padded, fused=False)
    assert kp == ks == ku > 0
    torch.testing.assert_close(lp, ls, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(lu, ls, atol=1e-5, rtol=1e-5)


def test_epoch_order_depends_only_on_seed_and_epoch():
    samples = [([1] * n, [1] * n) for n in range(3, 40)]
    assert epoch_rows(samples, 2, 7, True, 64) == epoch_rows(samples, 2, 7, True, 64)
    assert epoch_rows(samples, 1, 7, False, 64) != epoch_rows(samples, 2, 7, False, 64)
    rows = epoch_rows(samples, 0, 7, True, 64)
    assert sorted(i for r in rows for i in r) == list(range(len(samples)))
    assert all(sum(len(samples[i][0]) for i in r) <= 64 for r in rows)
