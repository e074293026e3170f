"""One side of the trainer benchmark: our worker vs transformers + PEFT (+ bitsandbytes for QLoRA on CUDA), and
full fine-tuning (ours vs transformers' own loss, `--impl hf`).

Same Llama-shaped random model, same token batches, same LoRA config (r=16, alpha=32, all projections, no
dropout), AdamW on the trained params (fused on CUDA, as the worker). Full fine-tuning keeps fp32 weights with bf16
autocast on CUDA, as the worker does. Prints one JSON line. run.py runs every side in its own process so that peak
RSS / peak CUDA memory is per side. Usage:
  PYTHONPATH=trainers/local .venv/bin/python bench/trainer/bench.py --impl ours --mode lora --device cpu
"""

import argparse
import json
import resource
import time

import torch

CFG = dict(
    vocab_size=32000,
    hidden_size=512,
    intermediate_size=1536,
    num_hidden_layers=12,
    num_attention_heads=8,
    num_key_value_heads=8,
    max_position_embeddings=2048,
    tie_word_embeddings=False,
)
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
PEAK_FLOPS = {"H100": 989.4e12, "H200": 989.4e12, "A100": 312e12, "L40S": 362e12, "A10G": 125e12}


def make_model(dtype, device):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    return LlamaForCausalLM(LlamaConfig(**CFG, attn_implementation="sdpa")).to(
        dtype=dtype, device=device
    )


def make_batches(n, bs, seq, prompt_frac):
    g = torch.Generator().manual_seed(1)
    out = []
    for _ in range(n):
        ids = torch.randint(3, CFG["vocab_size"], (bs, seq), generator=g)
        labels = ids.clone()
        labels[:, : int(seq * prompt_frac)] = -100  # prompt tokens: masked, as chat SFT data is
        out.append((ids, labels))
    return out


def ours_setup(args, device, dtype):
    from worker.lora import inject_lora
    from worker.policy import enable_checkpointing

    if args.mode == "full":
        model = make_model(torch.float32, device).requires_grad_(True)
    else:
        model = make_model(dtype, device)
        quant = {"double_quant": True} if args.mode == "qlora" else None
        inject_lora(model, 16, 32, 0.0, False, TARGETS, quant)
    if args.gc:
        enable_checkpointing(model)
    from worker.loss import lm_loss_sum
    from worker.model import autocast

    def step(ids, labels):
        targets = torch.cat([labels[:, 1:], torch.full_like(labels[:, :1], -100)], 1)
        pos = torch.arange(ids.shape[1], device=device).expand_as(ids)
        with autocast(device):
            loss, n = lm_loss_sum(
                model,
                {"input_ids": ids, "targets": targets, "position_ids": pos, "attention_mask": None},
            )
        (loss / n).backward()
        return loss.item() / n

    return model, step


def peft_setup(args, device, dtype):
    from peft import LoraConfig, get_peft_model

    if args.mode == "qlora":
        import tempfile

        from transformers import BitsAndBytesConfig, LlamaForCausalLM

        tmp = tempfile.mkdtemp()
        make_model(dtype, "cpu").save_pretrained(tmp)
        bnb = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=dtype,
        )
        model = LlamaForCausalLM.from_pretrained(
            tmp, quantization_config=bnb, dtype=dtype, device_map={"": device}
        )
    elif args.mode == "full":  # --impl hf: plain transformers, every weight trains
        model = make_model(torch.float32, device)
    else:
        model = make_model(dtype, device)
    model.config.use_cache = False
    if args.mode != "full":
        model = get_peft_model(
            model,
            LoraConfig(
                r=16, lora_alpha=32, lora_dropout=0.0, target_modules=TARGETS, task_type="CAUSAL_LM"
            ),
        )
    if args.gc:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.enable_input_require_grads()

    def step(ids, labels):
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            loss = model(input_ids=ids, labels=labels).loss
        loss.backward()
        return loss.item()

    return model, step


def weight_bytes(model):
    """Frozen weight bytes as they would sit on a GPU: NF4 storage for quantized layers, bf16 for the rest."""
    from worker.nf4 import NF4Weight

    nf4 = sum(m.nbytes() for m in model.modules() if isinstance(m, NF4Weight))
    dense = sum(p.numel() * 2 for p in model.parameters() if not p.requires_grad)
    return nf4 + dense


def bf16_bytes():
    from transformers import LlamaConfig, LlamaForCausalLM

    with torch.device("meta"):
        m = LlamaForCausalLM(LlamaConfig(**CFG))
    return sum(p.numel() for p in m.parameters()) * 2


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--impl", choices=["ours", "peft", "hf"], required=True)
    p.add_argument("--mode", choices=["lora", "qlora", "full"], default="lora")
    p.add_argument("--device", default="cpu")
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--seq", type=int, default=256)
    p.add_argument("--steps", type=int, default=6)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--prompt-frac", type=float, default=0.0)
    p.add_argument("--gc", action="store_true")
    p.add_argument("--peak-flops", type=float, default=None)
    args = p.parse_args()
    device = torch.device(args.device)
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    torch.manual_seed(0)
    model, step = (ours_setup if args.impl == "ours" else peft_setup)(args, device, dtype)
    params = [q for q in model.parameters() if q.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-4, fused=True if device.type == "cuda" else None)
    batches = make_batches(args.warmup + args.steps, args.batch_size, args.seq, args.prompt_frac)
    batches = [(a.to(device), b.to(device)) for a, b in batches]
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    losses = []
    for i, (ids, labels) in enumerate(batches):
        if i == args.warmup:
            if device.type == "cuda":
                torch.cuda.synchronize()
            t0, c0 = time.perf_counter(), time.process_time()
        losses.append(step(ids, labels))
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
    if device.type == "cuda":
        torch.cuda.synchronize()
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    tokens = args.steps * args.batch_size * args.seq
    n_trained = sum(q.numel() for q in params)
    L, H, Q, T = (
        CFG["num_hidden_layers"],
        CFG["num_attention_heads"],
        CFG["hidden_size"] // CFG["num_attention_heads"],
        args.seq,
    )
    # all Linear layers + lm_head
    n_mm = L * (4 * 512 * 512 + 3 * 512 * 1536) + CFG["vocab_size"] * 512
    full = args.mode == "full"
    # LoRA: no weight gradients for the frozen matmuls (4 N instead of 6 N), plus the adapters' own
    flops_per_token = (6 * n_mm if full else 4 * n_mm + 6 * n_trained) + 12 * L * H * Q * T
    out = {
        "impl": args.impl,
        "mode": args.mode,
        "device": args.device,
        "gc": args.gc,
        "prompt_frac": args.prompt_frac,
        "tokens_per_s": tokens / dt,
        "step_s": dt / args.steps,
        "tokens_per_cpu_s": tokens / cpu,
        "first_loss": losses[0],
        "last_loss": losses[-1],
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "trained_params": n_trained,
    }
    if device.type == "cuda":
        name = torch.cuda.get_device_name()
        peak = args.peak_flops or next((v for k, v in PEAK_FLOPS.items() if k in name), None)
        out.update(
            gpu=name,
            peak_mem_mib=torch.cuda.max_memory_allocated() / 2**20,
            mfu=(tokens / dt) * flops_per_token / peak if peak else None,
        )
    if args.impl == "ours" and not full:
        out["weight_mib"] = weight_bytes(model) / 2**20
    out["bf16_weight_mib"] = bf16_bytes() / 2**20
    print(json.dumps(out))


if __name__ == "__main__":
    main()
