"""Tiny models and a tiny tokenizer built offline, plus helpers to run the worker CLI."""

import json
import os
import subprocess
import sys

import pytest
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "trainers", "local"))

SPECIALS = ["<pad>", "<s>", "</s>", "<|im_start|>", "<|im_end|>", "[UNK]"]
VOCAB_TEXT = """
user assistant system what is the capital of france paris berlin germany day was i born on january
february march 1 2 3 4 5 6 7 8 9 10 2058 , . ? ! a an and or to in my your name color sky blue green
red cat dog likes eats fish bones hello hi how are you fine thanks say answer question translate
good bad yes no one two three four five six seven eight nine ten please tell me about it this that
river mountain city big small old new fast slow river tree house car book
"""
WORDS = VOCAB_TEXT.split()
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}"
    "{% if m['role'] == 'system' and not loop.first %}{{ raise_exception('a system message must come first') }}{% endif %}"
    "<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def make_tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    vocab = {w: i for i, w in enumerate(dict.fromkeys(SPECIALS + WORDS))}
    tk = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tk.pre_tokenizer = pre_tokenizers.Whitespace()
    # like Llama tokenizers: plain tokenization adds a BOS, which the chat template also writes (double-BOS trap)
    tk.post_processor = processors.TemplateProcessing(
        single="<s> $A", special_tokens=[("<s>", vocab["<s>"])]
    )
    tok = PreTrainedTokenizerFast(
        tokenizer_object=tk,
        bos_token="<s>",
        eos_token="<|im_end|>",
        pad_token="<pad>",
        unk_token="[UNK]",
        additional_special_tokens=["<|im_start|>", "</s>"],
    )
    tok.chat_template = CHAT_TEMPLATE
    return tok


def make_model(kind, vocab_size, seed=0):
    from transformers import LlamaConfig, LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM

    torch.manual_seed(seed)
    common = dict(
        vocab_size=vocab_size,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=256,
        bos_token_id=1,
        initializer_range=0.1,
        eos_token_id=4,
        pad_token_id=0,
    )
    if kind == "qwen2":
        model = Qwen2ForCausalLM(Qwen2Config(**common, tie_word_embeddings=False))
        with torch.no_grad():  # q/k/v biases start at zero; make them matter
            for n, p in model.named_parameters():
                if n.endswith("bias"):
                    p.normal_(0, 0.1)
    else:
        model = LlamaForCausalLM(LlamaConfig(**common, tie_word_embeddings=(kind == "tied")))
    return model.eval()


@pytest.fixture(scope="session")
def model_dirs(tmp_path_factory):
    """{"llama": dir, "qwen2": dir, "tied": dir}: saved HF folders with the tiny tokenizer."""
    out = {}
    tok = make_tokenizer()
    for kind in ("llama", "qwen2", "tied"):
        d = str(tmp_path_factory.mktemp(f"model_{kind}"))
        make_model(kind, len(tok)).save_pretrained(d)
        tok.save_pretrained(d)
        out[kind] = d
    return out


def write_jsonl(path, rows):
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    return str(path)


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def worker_cmd(*args):
    return [sys.executable, "-m", "worker", *args]


def worker_env():
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "trainers", "local"))
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


def run_worker(*args, check=True, timeout=300):
    p = subprocess.run(
        worker_cmd(*args), env=worker_env(), capture_output=True, text=True, timeout=timeout
    )
    evs = parse_events(p.stdout)
    if check and p.returncode != 0:
        raise AssertionError(
            f"worker failed rc={p.returncode}\nstdout:{p.stdout[-3000:]}\nstderr:{p.stderr[-3000:]}"
        )
    return p.returncode, evs, p.stderr


def parse_events(stdout):
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]
