"""Scaling of the worker over ranks: tokens/s of `python -m worker train` on 1 device and under
`torchrun --nproc-per-node N`, for LoRA (data parallel) and full fine-tuning (FSDP2), with the same per-device batch.
Efficiency = tokens/s on N ÷ (N × tokens/s on 1). Prints one JSON line per run, then a table.

    .venv/bin/python bench/trainer/scaling.py --device cuda --nproc 2 4 8      # GPUs
    .venv/bin/python bench/trainer/scaling.py --device cpu --nproc 2 --steps 4 --layers 2 --hidden 128

tokens/s counts real input tokens over all ranks, between the first and the last progress event (the first step,
with its warm-up, is left out).
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def make_model_folder(folder, args):
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    specials = ["<pad>", "<s>", "<|im_end|>", "<|im_start|>", "[UNK]", "user", "assistant"]
    vocab = {w: i for i, w in enumerate(specials + [f"w{i}" for i in range(args.vocab)])}
    tk = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tk.pre_tokenizer = pre_tokenizers.Whitespace()
    tok = PreTrainedTokenizerFast(
        tokenizer_object=tk, bos_token="<s>", eos_token="<|im_end|>", pad_token="<pad>"
    )
    tok.chat_template = TEMPLATE
    cfg = LlamaConfig(
        vocab_size=len(vocab),
        hidden_size=args.hidden,
        intermediate_size=3 * args.hidden,
        num_hidden_layers=args.layers,
        num_attention_heads=args.hidden // 64,
        num_key_value_heads=args.hidden // 64,
        max_position_embeddings=2 * args.seq,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=0,
    )
    LlamaForCausalLM(cfg).save_pretrained(folder)
    tok.save_pretrained(folder)


def write_data(path, args):
    rnd = random.Random(1)
    half = args.seq // 2 - 8

    def words():
        return " ".join(f"w{rnd.randrange(args.vocab)}" for _ in range(half))

    with open(path, "w") as f:
        for _ in range(args.rows):
            msgs = [{"role": "user", "content": words()}, {"role": "assistant", "content": words()}]
            f.write(json.dumps({"messages": msgs}) + "\n")


def run(args, work, parameters, nproc):
    spec = {
        "base_model": os.path.join(work, "model"),
        "train_file": os.path.join(work, "train.jsonl"),
        "parameters": parameters,
        "device": args.device,
        "training": {
            "max_steps": args.steps,
            "batch_size": args.batch_size,
            "max_seq_len": args.seq,
            "learning_rate": 1e-4,
            "log_every": 1,
        },
    }
    if parameters == "lora":
        spec["lora"] = {"r": 16, "alpha": 32, "dropout": 0.0}
    path = os.path.join(work, f"spec_{parameters}_{nproc}.json")
    with open(path, "w") as f:
        json.dump(spec, f)
    out = os.path.join(work, f"run_{parameters}_{nproc}")
    cmd = [sys.executable]
    if nproc > 1:
        cmd += ["-m", "torch.distributed.run", "--standalone", "--nproc-per-node", str(nproc)]
    cmd += ["-m", "worker", "train", "--spec", path, "--out", out]
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "trainers", "local"))
    if args.device == "cpu":
        # one "device" = one core: each rank gets --threads (OpenMP threads spinning on an oversubscribed
        # machine make a many-threaded single process look far slower than it is)
        env["OMP_NUM_THREADS"] = str(args.threads)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{parameters} on {nproc}: exit {p.returncode}\n{p.stderr[-3000:]}")
    prog = [e for e in map(json.loads, p.stdout.splitlines()) if e["type"] == "progress"]
    first, last = prog[0], prog[-1]
    tps = (last["tokens_seen"] - first["tokens_seen"]) / (last["time"] - first["time"])
    peak = last.get("rank_peak_mem_bytes") or [last["peak_mem_bytes"]]
    return {"parameters": parameters, "nproc": nproc, "tokens_per_s": tps, "peak_mem_bytes": peak}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    ap.add_argument("--nproc", type=int, nargs="+", default=[2])
    ap.add_argument("--parameters", nargs="+", default=["lora", "full"])
    ap.add_argument("--steps", type=int, default=12)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--seq", type=int, default=1024)
    ap.add_argument("--layers", type=int, default=12)
    ap.add_argument("--hidden", type=int, default=768)
    ap.add_argument("--vocab", type=int, default=32000)
    ap.add_argument("--threads", type=int, default=1, help="CPU threads per rank (--device cpu)")
    args = ap.parse_args()
    args.rows = args.steps * args.batch_size * max(args.nproc)
    with tempfile.TemporaryDirectory() as work:
        make_model_folder(os.path.join(work, "model"), args)
        write_data(os.path.join(work, "train.jsonl"), args)
        rows = []
        for parameters in args.parameters:
            one = run(args, work, parameters, 1)
            print(json.dumps(one), flush=True)
            for n in args.nproc:
                r = run(args, work, parameters, n)
                r["efficiency"] = r["tokens_per_s"] / (n * one["tokens_per_s"])
                print(json.dumps(r), flush=True)
                rows.append(
                    (parameters, n, one["tokens_per_s"], r["tokens_per_s"], r["efficiency"])
                )
    print(
        "\n| parameters | ranks | tokens/s on 1 | tokens/s on N | efficiency |\n|---|---|---|---|---|"
    )
    for p, n, a, b, e in rows:
        print(f"| {p} | {n} | {a:.0f} | {b:.0f} | {e:.2f} |")


if __name__ == "__main__":
    main()
