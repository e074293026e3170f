"""Runs every side of the trainer benchmark in its own process, alternating sides within each repeat so that
background load hits them alike, and prints a markdown table.
  .venv/bin/python bench/trainer/run.py --device cpu [--repeats 2] [--full] [--qlora] [--dpo]
Sides: LoRA ours / PEFT (bench.py); --full adds full fine-tuning ours / plain transformers; --qlora adds QLoRA
(ours; PEFT + bitsandbytes on CUDA); --dpo adds DPO steps ours / TRL DPOTrainer, LoRA and full (dpo.py)."""

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.join(HERE, "..", "..", "trainers", "local")  # the sides import the worker package


def run(args, impl, mode, pf):
    common = ["--impl", impl, "--device", args.device, "--steps", str(args.steps)]
    if mode.startswith("dpo-"):
        cmd = [
            *("dpo.py", *common, "--parameters", mode.removeprefix("dpo-")),
            *("--pairs", str(args.pairs), "--prompt", str(args.prompt)),
            *("--completion", str(args.completion)),
        ]
    else:
        cmd = [
            *("bench.py", *common, "--mode", mode),
            *("--batch-size", str(args.batch_size), "--seq", str(args.seq)),
            *("--prompt-frac", str(pf)),
        ]
    p = subprocess.run(
        [sys.executable, os.path.join(HERE, cmd[0]), *cmd[1:]],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.path.abspath(WORKER)},
        cwd=HERE,
    )
    if p.returncode != 0:
        print(p.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(p.stdout.strip().splitlines()[-1])


def sides(args):
    out = []
    for pf in args.prompt_frac:
        out += [("ours", "lora", pf), ("peft", "lora", pf)]
        if args.full:
            out += [("ours", "full", pf), ("hf", "full", pf)]
    if args.qlora:
        out += [("ours", "qlora", 0.0)] + (
            [("peft", "qlora", 0.0)] if args.device == "cuda" else []
        )
    if args.dpo:
        out += [(i, f"dpo-{p}", None) for p in ("lora", "full") for i in ("ours", "trl")]
    return out


COLS = [
    "impl",
    "mode",
    "prompt_frac",
    "tokens_per_s",
    "tokens_per_s_median",
    "tokens_per_cpu_s",
    "ref_pass_s",
    "peak_rss_mib",
    "rss_grown_mib",
    "peak_mem_mib",
    "mfu",
    "weight_mib",
    "first_loss",
    "last_loss",
    "runs",
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--prompt-frac", type=float, nargs="*", default=[0.0, 0.5])
    ap.add_argument(
        "--full", action="store_true", help="also full fine-tuning (ours; plain transformers)"
    )
    ap.add_argument("--qlora", action="store_true", help="also QLoRA (ours; PEFT+bnb on CUDA only)")
    ap.add_argument("--dpo", action="store_true", help="also DPO steps, ours vs TRL, LoRA and full")
    ap.add_argument("--pairs", type=int, default=2, help="DPO: preference pairs per step")
    ap.add_argument("--prompt", type=int, default=64, help="DPO: prompt tokens")
    ap.add_argument("--completion", type=int, default=64, help="DPO: completion tokens")
    args = ap.parse_args()
    todo = sides(args)
    results = {side: [] for side in todo}
    for _ in range(args.repeats):
        for side in todo:
            r = run(args, *side)
            if r:
                results[side].append(r)
                print(json.dumps(r), file=sys.stderr)
    print("| " + " | ".join(COLS) + " |")
    print("|" + "---|" * len(COLS))
    for (_, _, pf), rs in results.items():
        if not rs:
            continue
        best = max(rs, key=lambda r: r["tokens_per_s"])
        row = {
            **best,
            "prompt_frac": pf,
            "tokens_per_s_median": statistics.median(r["tokens_per_s"] for r in rs),
            "peak_rss_mib": max(r["peak_rss_mib"] for r in rs),
            "runs": len(rs),
        }
        cells = [row.get(c) for c in COLS]
        print(
            "| "
            + " | ".join(
                f"{v:.4g}" if isinstance(v, float) else str(v if v is not None else "")
                for v in cells
            )
            + " |"
        )


if __name__ == "__main__":
    main()
