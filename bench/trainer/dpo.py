"""One side of the DPO benchmark: our worker's DPO step vs TRL's DPOTrainer (trl 1.16), LoRA or full fine-tuning.

Same model as bench.py (73.7M Llama, random weights), the same random preference batches (prompt and completion
token ids; rows = [chosen..., rejected...] as TRL collates them), sigmoid loss, beta 0.1, AdamW lr 1e-5 (fused on
CUDA), grad-norm clip 1.0, bf16 autocast on CUDA. TRL runs its own training_step (fused log-prob head, accelerate
backward); its reference is the PEFT model with the adapter off (a no-grad forward inside every LoRA step) or, for
full fine-tuning, log-probs precomputed once (precompute_ref_log_probs=True, as ours always are). Ours precomputes
the reference in one pass before training; that pass is timed separately (ref_pass_s) and, per step, it costs what
TRL's per-step reference forward costs when each pair is used once. Prints one JSON line. Usage:
  PYTHONPATH=trainers/local .venv/bin/python bench/trainer/dpo.py --impl ours --parameters lora --device cpu
"""

import argparse
import json
import resource
import tempfile
import time

import torch

from bench import CFG, TARGETS, make_model


def batches(n, pairs, prompt, completion):
    g = torch.Generator().manual_seed(1)
    out = []
    for _ in range(n):
        p = torch.randint(3, CFG["vocab_size"], (pairs, prompt), generator=g)
        c = torch.randint(3, CFG["vocab_size"], (2 * pairs, completion), generator=g)
        ids = torch.cat([p.repeat(2, 1), c], 1)
        mask = torch.cat([torch.zeros(2 * pairs, prompt), torch.ones(2 * pairs, completion)], 1)
        out.append((ids, mask.long()))
    return out


def tokenizer():
    """A word-level tokenizer over the model's vocabulary: TRL's constructor needs one, the timed steps do not."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {f"t{i}": i for i in range(CFG["vocab_size"])}
    tk = Tokenizer(models.WordLevel(vocab=vocab, unk_token="t2"))
    tk.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(
        tokenizer_object=tk, pad_token="t0", eos_token="t1", unk_token="t2"
    )


def ours_side(args, device, data):
    from worker.dpo import Dpo
    from worker.lora import inject_lora
    from worker.spec import DpoSpec

    model = make_model(torch.float32 if args.parameters == "full" else dtype(device), device)
    if args.parameters == "full":
        model.requires_grad_(True)
    else:
        inject_lora(model, 16, 32, 0.0, False, TARGETS)
    # the objective without its file reading: pairs as (ids, labels) samples, labels on completion tokens only
    dpo = Dpo.__new__(Dpo)
    dpo.items = []
    for ids, mask in data:
        n = ids.shape[0] // 2
        rows = [
            (r.tolist(), [x if m else -100 for x, m in zip(r.tolist(), k.tolist(), strict=True)])
            for r, k in zip(ids, mask, strict=True)
        ]
        dpo.items += [(rows[i], rows[n + i]) for i in range(n)]
    dpo.eval_items, dpo.pad_id, dpo.batch_size, dpo.cfg = None, 0, args.pairs, DpoSpec()
    t0 = _sync_time(device)
    dpo.prepare(model, tempfile.mkdtemp(), False, device)
    ref_s = _sync_time(device) - t0
    model.train()

    def step(i):
        ks = list(range(i * args.pairs, (i + 1) * args.pairs))
        return dpo.step(model, [[[k] for k in ks]], device).loss

    return model, step, ref_s


def trl_side(args, device, data):
    from datasets import Dataset
    from peft import LoraConfig
    from trl import DPOConfig, DPOTrainer

    config = DPOConfig(
        output_dir=tempfile.mkdtemp(),
        per_device_train_batch_size=args.pairs,
        beta=0.1,
        max_length=args.prompt + args.completion,
        precompute_ref_log_probs=args.parameters == "full",
        bf16=device.type == "cuda",
        use_cpu=device.type == "cpu",
        report_to=[],
        gradient_checkpointing=False,
        max_grad_norm=1.0,
    )
    text = {"prompt": "t5 t6", "chosen": " t7", "rejected": " t8"}
    full = args.parameters == "full"
    model = make_model(torch.float32 if full else dtype(device), device)
    peft = (
        None
        if full
        else LoraConfig(
            r=16, lora_alpha=32, lora_dropout=0.0, target_modules=TARGETS, task_type="CAUSAL_LM"
        )
    )
    trainer = DPOTrainer(
        model=model,
        args=config,
        train_dataset=Dataset.from_list([text] * args.pairs),
        processing_class=tokenizer(),
        peft_config=peft,
    )
    model = trainer.model.train()
    trainer.current_gradient_accumulation_steps = 1  # what Trainer.train sets before its steps
    inputs = [
        {
            "input_ids": ids.to(device),
            "attention_mask": torch.ones_like(ids).to(device),
            "completion_mask": mask.to(device),
        }
        for ids, mask in data
    ]
    t0 = _sync_time(device)
    if full:  # TRL's own reference pass, on the same batches
        with torch.no_grad():
            for b in inputs:
                b["ref_chosen_logps"], b["ref_rejected_logps"] = trainer.compute_ref_log_probs(
                    model, b
                )
    ref_s = _sync_time(device) - t0

    def step(i):
        return trainer.training_step(model, inputs[i]).item()

    return model, step, ref_s


def rss_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def dtype(device):
    return torch.bfloat16 if device.type == "cuda" else torch.float32


def _sync_time(device):
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--impl", choices=["ours", "trl"], required=True)
    p.add_argument("--parameters", choices=["lora", "full"], default="lora")
    p.add_argument("--device", default="cpu")
    p.add_argument("--pairs", type=int, default=2)
    p.add_argument("--prompt", type=int, default=64)
    p.add_argument("--completion", type=int, default=64)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    args = p.parse_args()
    device = torch.device(args.device)
    torch.manual_seed(0)
    data = batches(args.warmup + args.steps, args.pairs, args.prompt, args.completion)
    if args.impl == "ours":
        import worker.dpo  # noqa: F401
    else:
        import trl  # noqa: F401
    before = rss_mib()  # after each side's imports: what the run itself adds is compared
    model, step, ref_s = (ours_side if args.impl == "ours" else trl_side)(args, device, data)
    params = [q for q in model.parameters() if q.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-5, fused=True if device.type == "cuda" else None)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    losses = []
    for i in range(args.warmup + args.steps):
        if i == args.warmup:
            t0, c0 = _sync_time(device), time.process_time()
        losses.append(step(i))
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
    dt, cpu = _sync_time(device) - t0, time.process_time() - c0
    tokens = args.steps * 2 * args.pairs * (args.prompt + args.completion)
    out = {
        "impl": args.impl,
        "mode": f"dpo-{args.parameters}",
        "device": args.device,
        "tokens_per_s": tokens / dt,
        "step_s": dt / args.steps,
        "tokens_per_cpu_s": tokens / cpu,
        "ref_pass_s": ref_s,
        "first_loss": losses[0],
        "last_loss": losses[-1],
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_grown_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before,
        "trained_params": sum(q.numel() for q in params),
    }
    if device.type == "cuda":
        out.update(
            gpu=torch.cuda.get_device_name(), peak_mem_mib=torch.cuda.max_memory_allocated() / 2**20
        )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
