"""CLI: python -m worker train --spec spec.json --out DIR [--resume]
        python -m worker generate --spec gen.json --out predictions.jsonl
        python -m worker perplexity --spec ppl.json --out nll.jsonl
        python -m worker judge --model PATH [--max-new-tokens N] [--device auto]   (requests on stdin)
        python -m worker locate-model smollm2
        python -m worker devices
        python -m worker check-scorers --spec scorers.json
        python -m worker score --spec score.json --out scores.json
`train` also runs as every rank of `torchrun --nproc-per-node N [--nnodes M …] -m worker train …` (README,
"Multi-GPU"). Exit code 0 on completed / cancelled, 1 on failed (after a `failed` event naming the problem)."""

import argparse
import json
import os
import sys
import traceback

# deterministic cuBLAS needs this before CUDA initialises (torch.use_deterministic_algorithms)
os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m worker",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="train (SFT or DPO; a LoRA / QLoRA adapter or every weight)")
    t.add_argument("--spec", required=True)
    t.add_argument(
        "--out",
        required=True,
        help="output folder: checkpoints/, adapter/ or model/, best/, merged/",
    )
    t.add_argument(
        "--resume", action="store_true", help="continue from the newest checkpoint in --out"
    )
    g = sub.add_parser("generate", help="write predictions JSONL for a prompts file")
    g.add_argument("--spec", required=True)
    g.add_argument("--out", required=True)
    n = sub.add_parser(
        "perplexity", help="write each sample's reference-answer NLL and token count as JSONL"
    )
    n.add_argument("--spec", required=True)
    n.add_argument("--out", required=True)
    j = sub.add_parser("judge", help="answer judge prompts read from stdin, one JSON line a batch")
    j.add_argument("--model", required=True, help="model folder or Hub id")
    j.add_argument("--max-new-tokens", type=int, default=512)
    j.add_argument("--device", default="auto")
    m = sub.add_parser(
        "locate-model", help="print the absolute path of a model shipped in a package"
    )
    m.add_argument("name", help="smollm2")
    sub.add_parser("devices", help="print the CUDA devices as one JSON line (an empty list on CPU)")
    c = sub.add_parser("check-scorers", help="compile custom scorers; print their problems as JSON")
    c.add_argument("--spec", required=True)
    s = sub.add_parser("score", help="run custom scorers on samples, each in a child process")
    s.add_argument("--spec", required=True)
    s.add_argument("--out", required=True)
    args = p.parse_args(argv)

    if args.cmd in ("check-scorers", "score"):  # no torch: these start in well under a second
        from .score import ScoreSpec, check, run

        spec = ScoreSpec.load(args.spec)
        if args.cmd == "score":
            run(spec, args.out)
        else:
            print(json.dumps({"type": "scorer-check", "issues": check(spec.scorers)}), flush=True)
        return 0

    if args.cmd == "devices":
        from .model import list_devices

        print(json.dumps({"type": "devices", "devices": list_devices()}), flush=True)
        return 0

    if args.cmd == "locate-model":
        from .model import locate_model

        try:
            print(locate_model(args.name))
            return 0
        except (ValueError, FileNotFoundError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 1

    from . import dist, events

    events.reserve_stdout()
    ranks = dist.from_env() if args.cmd == "train" else dist.Ranks()
    events.set_rank(ranks.rank)
    try:
        from .spec import GenerateSpec, TrainSpec, load_spec

        if args.cmd == "judge":
            from .judge import serve

            return serve(args.model, args.max_new_tokens, args.device)
        if args.cmd == "train":
            from .train import train

            return train(load_spec(args.spec, TrainSpec), args.out, args.resume)
        if args.cmd == "perplexity":
            from .perplexity import PerplexitySpec, perplexity

            return perplexity(load_spec(args.spec, PerplexitySpec), args.out)
        from .generate import generate

        return generate(load_spec(args.spec, GenerateSpec), args.out)
    except Exception as e:  # every failure becomes one `failed` event a person can act on
        traceback.print_exc(file=sys.stderr)
        msg = (
            str(e)
            if isinstance(e, (ValueError, RuntimeError, FileNotFoundError))
            else f"{type(e).__name__}: {e}"
        )
        if "out of memory" in msg.lower():
            msg += (
                " (lower training.batch_size or max_seq_len, enable training.gradient_checkpointing, "
                'or train fewer weights: parameters "lora" or "qlora")'
            )
        if ranks.active:
            msg = f"rank {ranks.rank} of {ranks.world}: {msg}"
        events.emit("failed", error=msg)
        return 1
    finally:
        dist.stop()


if __name__ == "__main__":
    sys.exit(main())
