"""Writes a tiny random Llama-shaped model and a tokenizer with a chat template to OUT_DIR.

    python tests/helpers/make-tiny-model.py OUT_DIR

Everything is built offline (no hub): a byte-level BPE tokenizer trained on a small built-in
corpus (any text still encodes, byte by byte) and a 2-layer Llama with random weights, seeded, so
the same command writes the same files. The worker trains it in seconds on a CPU: for tests, the
end-to-end suite and the demo's fallback when no pretrained model is available.
"""

import json
import sys
from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
# ChatML, as SmolLM2 uses: the assistant turn ends with <|im_end|>, which is also the EOS token.
CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
MONTH_NAMES = (
    "January February March April May June July August September October November December"
)
MONTHS = MONTH_NAMES.split()


def corpus():
    for y in (2023, 2024, 2025):
        for m, name in enumerate(MONTHS, 1):
            for d in (1, 7, 15, 28):
                yield f"{y}-{m:02d}-{d:02d} {d} {name} {y}"
    yield "system user assistant Convert the date to words. What is the answer? yes no"


def build_tokenizer(out: Path) -> PreTrainedTokenizerFast:
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus(), trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        bos_token=None,
        unk_token=None,
    )
    fast.chat_template = CHAT_TEMPLATE
    fast.save_pretrained(out)
    return fast


def main(argv):
    if len(argv) != 1:
        sys.exit("usage: python tests/helpers/make-tiny-model.py OUT_DIR")
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    tok = build_tokenizer(out)
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(tok),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        tie_word_embeddings=False,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        bos_token_id=None,
    )
    model = LlamaForCausalLM(config)
    model.generation_config.eos_token_id = tok.eos_token_id
    model.generation_config.pad_token_id = tok.pad_token_id
    model.save_pretrained(out, safe_serialization=True)
    print(
        json.dumps(
            {
                "path": str(out.resolve()),
                "params": sum(p.numel() for p in model.parameters()),
                "vocab": len(tok),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
