"""Runs bench.py for each side in its own process (alternating ours / PEFT) and prints a markdown table.
  PYTHONPATH=trainers/local .venv/bin/python bench/trainer/run.py --device cpu [--repeats 2] [--qlora]
On CUDA: --device cuda --qlora (PEFT + bitsandbytes is the QLoRA reference there)."""

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(args, impl, mode, extra):
    cmd = [
        sys.executable,
        os.path.join(HERE, "bench.py"),
        "--impl",
        impl,
        "--mode",
        mode,
        "--device",
        args.device,
        "--steps",
        str(args.steps),
        "--batch-size",
        str(args.batch_size),
        "--seq",
        str(args.seq),
        *extra,
    ]
    p = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ))
    if p.returncode != 0:
        print(p.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--qlora", action="store_true", help="also QLoRA (ours; PEFT+bnb on CUDA only)")
    ap.add_argument("--prompt-frac", type=float, nargs="*", default=[0.0, 0.5])
    args = ap.parse_args()
    rows = []
    configs = [("lora", pf) for pf in args.prompt_frac] + ([("qlora", 0.0)] if args.qlora else [])
    for mode, pf in configs:
        impls = ["ours", "peft"] if (mode == "lora" or args.device == "cuda") else ["ours"]
        results = {i: [] for i in impls}
        for _ in range(args.repeats):
            for impl in impls:  # alternate, so background load hits both sides alike
                r = run(args, impl, mode, ["--prompt-frac", str(pf)])
                if r:
                    results[impl].append(r)
                    print(json.dumps(r), file=sys.stderr)
        for rs in results.values():
            if rs:
                best = max(rs, key=lambda r: r["tokens_per_s"])
                rows.append(
                    {
                        **best,
                        "tokens_per_s_median": statistics.median(r["tokens_per_s"] for r in rs),
                        "peak_rss_mib": max(r["peak_rss_mib"] for r in rs),
                        "runs": len(rs),
                    }
                )
    cols = [
        "impl",
        "mode",
        "prompt_frac",
        "tokens_per_s",
        "tokens_per_s_median",
        "tokens_per_cpu_s",
        "peak_rss_mib",
        "peak_mem_mib",
        "lora_mfu",
        "weight_mib",
        "bf16_weight_mib",
        "first_loss",
        "last_loss",
        "runs",
    ]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print(
            "| "
            + " | ".join(
                f"{r.get(c):.4g}" if isinstance(r.get(c), float) else str(r.get(c, ""))
                for c in cols
            )
            + " |"
        )


if __name__ == "__main__":
    main()
