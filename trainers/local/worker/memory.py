"""How much memory a run needs, worked out before any weight is loaded, and the refusal when it cannot fit.

The model is built on the meta device from its config (no weights), which gives exact parameter counts and layer
shapes. Then, in bytes:
- weights: full fine-tuning keeps fp32 master weights (4/param; on CUDA autocast also caches a bf16 copy, 2/param);
  LoRA keeps the base in the compute dtype and QLoRA its projections as NF4 (0.5/param + block absmax), plus the
  fp32 adapter;
- gradients: 4 per trainable parameter; optimizer: AdamW's two fp32 moments (8 per trainable parameter), plus on
  CPU the per-parameter temporary of PyTorch's single-tensor AdamW (the largest parameter);
- activations: what autograd saves in a Llama-style decoder layer (RMSNorm, GQA attention through SDPA, SwiGLU),
  counted from the saved tensors: per token and layer 8*hidden + 2*kv_dim + heads + 4*intermediate + 2 values
  (with gradient checkpointing: each layer's input, plus one layer recomputed and its gradients), plus the model's own (token ids,
  rotary tables, final norm), plus LoRA's (A's output; with lora.dropout > 0 each adapted layer's dropped input
  and its 1-byte mask), for the largest micro-batch of the run (rows x padded width), plus the fused loss's
  [tokens, hidden] gradient and one chunk of fp32 logits.
The peak is counted as weights + gradients + optimizer + activations: the optimizer state lives from the first step
on, and the next step's backward holds activations while it fills the gradients. Other architectures are
approximated by the same per-layer formula. CPU "device memory" is MemAvailable from /proc/meminfo; CUDA's is the
free memory torch reports. TUNEBENCH_DEVICE_MEMORY (bytes) overrides both, e.g. to check the refusal on a big
machine or to keep a run within a share of a GPU.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch

from . import events
from .lora import resolve_targets
from .loss import CHUNK
from .model import load_config
from .policy import model_source
from .spec import SpecError

if TYPE_CHECKING:
    from .spec import TrainSpec

MEMORY_ENV = "TUNEBENCH_DEVICE_MEMORY"
GIB = 2**30


@dataclass
class MemoryEstimate:
    weights: int
    gradients: int
    optimizer: int
    activations: int
    loading: int  # the whole model in its load dtype, held while QLoRA quantizes it
    rows: int
    width: int

    @property
    def total(self) -> int:
        return max(self.weights + self.gradients + self.optimizer + self.activations, self.loading)

    def describe(self) -> str:
        return (
            f"weights {self.weights / GIB:.2f} GiB, gradients {self.gradients / GIB:.2f} GiB, "
            f"AdamW state {self.optimizer / GIB:.2f} GiB, activations {self.activations / GIB:.2f} GiB "
            f"for micro-batches of {self.rows} rows x {self.width} tokens, "
            f"{self.loading / GIB:.2f} GiB while loading"
        )


def _nf4_bytes(n: int, double_quant: bool) -> int:
    blocks = -(-n // 64)
    absmax = blocks + 4 * -(-blocks // 256) + 4 if double_quant else 4 * blocks
    return -(-n // 2) + absmax


def meta_model(config: object) -> torch.nn.Module:
    from transformers import AutoModelForCausalLM

    with torch.device("meta"):
        return AutoModelForCausalLM.from_config(config)


def activation_bytes(
    config: object, rows: int, width: int, checkpointing: bool, act: int, adapter_per_token: int = 0
) -> int:
    c = config.get_text_config() if hasattr(config, "get_text_config") else config
    h, layers, heads = c.hidden_size, c.num_hidden_layers, c.num_attention_heads
    head_dim = getattr(c, "head_dim", None) or h // heads
    kv = (getattr(c, "num_key_value_heads", None) or heads) * head_dim
    inter = getattr(c, "intermediate_size", None) or 4 * h
    per_layer = 8 * h + 2 * kv + heads + 4 * inter + 2
    model_level = 2 + 2 * head_dim + 2 * h + 1
    # checkpointing keeps each layer's input; backward recomputes one layer and holds its gradients (as large)
    per_token = (layers * h + 2 * per_layer if checkpointing else layers * per_layer) + model_level
    tokens = rows * width
    adapter = adapter_per_token // layers if checkpointing else adapter_per_token
    loss = 2 * tokens * h * act + min(tokens, CHUNK) * c.vocab_size * 4
    return tokens * (per_token * act + adapter) + loss


def estimate(
    spec: TrainSpec, config: object, device: torch.device, dtype: torch.dtype, rows: int, width: int
) -> MemoryEstimate:
    model = meta_model(config)
    total = sum(p.numel() for p in model.parameters())
    act = torch.empty((), dtype=dtype).element_size()
    adapter_per_token = 0
    if spec.parameters == "full":
        sizes = [p.numel() for p in model.parameters()]
        weights = 4 * total + (2 * total if device.type == "cuda" else 0)
    else:
        targets = [model.get_submodule(n) for n in resolve_targets(model, spec.lora.target_modules)]
        sizes = [spec.lora.r * d for m in targets for d in (m.in_features, m.out_features)]
        # per token: A's output (saved by B) and, with dropout, the dropped input and its 1-byte mask
        drop = act + 1 if spec.lora.dropout > 0 else 0
        adapter_per_token = sum(spec.lora.r * act + m.in_features * drop for m in targets)
        weights = act * total + 4 * sum(sizes)
        if spec.parameters == "qlora":
            head, dq = model.get_output_embeddings(), spec.quantization.double_quant
            for m in model.modules():
                if isinstance(m, torch.nn.Linear) and m is not head:
                    weights -= act * m.weight.numel() - _nf4_bytes(m.weight.numel(), dq)
    trainable = sum(sizes)
    step_temp = 4 * max(sizes) if device.type == "cpu" else 0  # fused AdamW on CUDA keeps none
    return MemoryEstimate(
        weights=weights,
        gradients=4 * trainable,
        optimizer=8 * trainable + step_temp,
        activations=activation_bytes(
            config, rows, width, spec.training.gradient_checkpointing, act, adapter_per_token
        ),
        loading=(4 if spec.parameters == "full" else act) * total,
        rows=rows,
        width=width,
    )


def check_fits(
    spec: TrainSpec, shapes: list[tuple[int, int]], device: torch.device, dtype: torch.dtype
) -> tuple[MemoryEstimate | None, int]:
    """The estimate for the run's largest micro-batch and the device memory; raises when it does not fit. A model
    that cannot be built on the meta device (e.g. custom code) is not checked: a warning says so."""
    rows, width = max(shapes, key=lambda s: s[0] * s[1])
    have, source = available(device)
    try:
        # building the meta model must not draw from the RNG that seeds the adapter and data order
        with torch.random.fork_rng(devices=[]):
            est = estimate(spec, load_config(model_source(spec)), device, dtype, rows, width)
    except SpecError:
        raise
    except Exception as e:  # the estimate is a safeguard; a run it cannot size still runs
        events.log(
            f"no memory estimate for this model ({type(e).__name__}: {e}); the run is not checked "
            "against the device's memory",
            "warning",
        )
        return None, have
    refuse_if_too_big(est, have, source, spec)
    return est, have


def available(device: torch.device) -> tuple[int, str]:
    """(bytes the run may use, where the number comes from)."""
    override = os.environ.get(MEMORY_ENV)
    if override:
        if not override.isdigit():
            raise ValueError(f"{MEMORY_ENV} must be a number of bytes, got {override!r}")
        return int(override), MEMORY_ENV
    if device.type == "cuda":
        return int(torch.cuda.mem_get_info(device)[0]), "free CUDA memory"
    with open("/proc/meminfo") as f:
        kib = next(int(line.split()[1]) for line in f if line.startswith("MemAvailable:"))
    return kib * 1024, "MemAvailable"


def refuse_if_too_big(est: MemoryEstimate, have: int, source: str, spec: TrainSpec) -> None:
    if est.total <= have:
        return
    fixes = []
    if spec.parameters == "full":
        fixes.append('parameters "lora" or "qlora" (only adapters train)')
    elif spec.parameters == "lora":
        fixes.append('parameters "qlora" (a 4-bit base)')
    fixes.append("a smaller training.batch_size (raise grad_accum to keep the batch)")
    fixes.append("a smaller training.max_seq_len")
    if not spec.training.gradient_checkpointing:
        fixes.append("training.gradient_checkpointing: true")
    raise RuntimeError(
        f"this run needs about {est.total / GIB:.2f} GiB ({est.describe()}) but the device has "
        f"{have / GIB:.2f} GiB ({source}). To fit, try: " + "; ".join(fixes)
    )
