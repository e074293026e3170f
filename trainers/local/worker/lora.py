"""LoRA (Hu et al. 2021, arXiv 2106.09685) with PEFT's exact numerics and file layout; QLoRA is one flag.

    y = W x + b + s * B(A(dropout(x))),   s = alpha / r   (alpha / sqrt(r) with rsLoRA, arXiv 2312.03732)

A ~ kaiming_uniform(a=sqrt(5)) = U(+-1/sqrt(in)), B = 0, so a fresh adapter is an exact no-op (PEFT layer.py
reset_lora_parameters). Adapter weights stay fp32 whatever the base dtype (PEFT >= 0.11, autocast_adapter_dtype).
Saved as adapter_config.json + adapter_model.safetensors with keys
base_model.model.<module path>.lora_A.weight / .lora_B.weight, which PEFT and vLLM load unchanged.
"""

from __future__ import annotations

import json
import math
import os
import re
from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from torch import nn

from .model_folder import replace_dir
from .nf4 import NF4Linear, NF4Weight, nf4_linear
from .spec import LoraSpec, SpecError

if TYPE_CHECKING:
    from transformers import PreTrainedModel

ADAPTER_CONFIG, ADAPTER_WEIGHTS, KEY_PREFIX = (
    "adapter_config.json",
    "adapter_model.safetensors",
    "base_model.model.",
)


class LoRALinear(nn.Module):
    def __init__(
        self,
        base: nn.Linear,
        r: int,
        alpha: float,
        dropout: float = 0.0,
        use_rslora: bool = False,
        quantize_base: bool = False,
        double_quant: bool = True,
    ) -> None:
        super().__init__()
        self.in_features, self.out_features, self.r = base.in_features, base.out_features, r
        self.scaling = alpha / math.sqrt(r) if use_rslora else alpha / r
        self.quantize_base, self.merged = quantize_base, False
        if quantize_base:
            self.nf4, self.weight = NF4Weight(base.weight, double_quant=double_quant), None
        else:
            self.weight = base.weight  # the model's own frozen Parameter: no copy
            self.weight.requires_grad_(False)
        self.bias = base.bias
        if self.bias is not None:
            self.bias.requires_grad_(False)
        dev = base.weight.device
        self.lora_dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.lora_A = nn.Linear(self.in_features, r, bias=False, device=dev, dtype=torch.float32)
        self.lora_B = nn.Linear(r, self.out_features, bias=False, device=dev, dtype=torch.float32)
        nn.init.kaiming_uniform_(self.lora_A.weight, a=math.sqrt(5))
        nn.init.zeros_(self.lora_B.weight)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.quantize_base:
            out = nf4_linear(x, self.nf4, self.bias)
        else:
            out = F.linear(x, self.weight, self.bias)
        if self.merged:
            return out
        lora = self.lora_B(self.lora_A(self.lora_dropout(x.to(self.lora_A.weight.dtype))))
        return out + (lora * self.scaling).to(out.dtype)

    def adapter_params(self) -> list[nn.Parameter]:
        return [self.lora_A.weight, self.lora_B.weight]

    def delta_weight(self) -> torch.Tensor:
        return (self.lora_B.weight.float() @ self.lora_A.weight.float()) * self.scaling

    def merged_weight(self) -> torch.Tensor:
        """fp32 W + s*BA, on the de-quantized base when quantized (never re-quantized: PEFT #1043)."""
        base = self.nf4.dequantize(torch.float32) if self.quantize_base else self.weight.float()
        return base + self.delta_weight()

    @torch.no_grad()
    def merge(self) -> None:
        if self.quantize_base:
            raise RuntimeError(
                "merging into an NF4 base would re-quantize it; export a merged copy instead"
            )
        if not self.merged:
            self.weight.copy_((self.weight.float() + self.delta_weight()).to(self.weight.dtype))
            self.merged = True

    @torch.no_grad()
    def unmerge(self) -> None:
        if self.merged:
            self.weight.copy_((self.weight.float() - self.delta_weight()).to(self.weight.dtype))
            self.merged = False


def lora_modules(model: nn.Module) -> list[tuple[str, LoRALinear]]:
    return [(n, m) for n, m in model.named_modules() if isinstance(m, LoRALinear)]


def _matches(name: str, targets: str | list[str]) -> bool:
    # PEFT check_target_module_exists: a string is a full regex, a list matches exact names or ".name" suffixes
    if isinstance(targets, str):
        return re.fullmatch(targets, name) is not None
    return any(name == t or name.endswith("." + t) for t in targets)


def output_head_name(model: PreTrainedModel) -> str | None:
    head = model.get_output_embeddings()
    return (
        next((n for n, m in model.named_modules() if m is head), None) if head is not None else None
    )


def is_tied(model: PreTrainedModel) -> bool:
    head, emb = model.get_output_embeddings(), model.get_input_embeddings()
    return head is not None and emb is not None and head.weight is emb.weight


def resolve_targets(model: PreTrainedModel, targets: str | list[str] | None) -> list[str]:
    """Module paths to wrap. None means every Linear except the output head (all attention and MLP projections)."""
    head = output_head_name(model)
    linears = {n for n, m in model.named_modules() if isinstance(m, nn.Linear)}
    if targets is None:
        return sorted(n for n in linears if n != head)
    choices = sorted({n.rsplit(".", 1)[-1] for n in linears if n != head})
    for t in [targets] if isinstance(targets, str) else targets:
        hits = [
            n
            for n, _ in model.named_modules()
            if n and _matches(n, [t] if not isinstance(targets, str) else t)
        ]
        if not hits:
            raise SpecError(
                f"lora.target_modules: {t!r} matches no module of this model; Linear layers are {choices}"
            )
        for n in hits:
            if n not in linears:
                kind = type(model.get_submodule(n)).__name__
                raise SpecError(
                    f"lora.target_modules: {t!r} matches {n}, a {kind}, not a Linear layer; "
                    f"choose from {choices}"
                )
            if n == head and is_tied(model):
                raise SpecError(
                    f"lora.target_modules: {n} shares its weight with the input embeddings (tied); "
                    f"LoRA on a tied head is not supported, choose from {choices}"
                )
    return sorted(n for n in linears if _matches(n, targets))


def inject_lora(
    model: PreTrainedModel,
    r: int,
    alpha: float,
    dropout: float = 0.0,
    use_rslora: bool = False,
    target_modules: str | list[str] | None = None,
    quantize: dict | None = None,
) -> list[str]:
    """Wraps the targeted Linears in LoRALinear, freezes everything else. quantize = {"double_quant": bool} turns
    the base of every wrapped Linear and every other non-head Linear into NF4 (QLoRA). Returns the leaf names."""
    names = resolve_targets(model, target_modules)
    dims = {n: model.get_submodule(n) for n in names}
    smaller = {n: min(m.in_features, m.out_features) for n, m in dims.items()}
    too_big = [n for n in names if r > smaller[n]]
    if too_big:
        n = too_big[0]
        raise SpecError(
            f"lora.r={r} is larger than {n}'s smaller dimension ({dims[n].in_features} in, "
            f"{dims[n].out_features} out), so the adapter cannot use its rank; choose "
            f"lora.r <= {min(smaller.values())}"
        )
    for p in model.parameters():
        p.requires_grad_(False)
    dq = bool(quantize and quantize.get("double_quant", True))
    head = output_head_name(model)
    rest = [
        n for n, m in model.named_modules() if type(m) is nn.Linear and n != head and n not in names
    ]
    for n in names:
        wrapped = LoRALinear(
            model.get_submodule(n), r, alpha, dropout, use_rslora, bool(quantize), dq
        )
        # a new Dropout would otherwise be live in eval
        model.set_submodule(n, wrapped.train(model.training))
    if quantize:  # QLoRA quantizes every projection, adapted or not; the output head stays 16-bit
        for n in rest:
            model.set_submodule(n, NF4Linear(model.get_submodule(n), double_quant=dq))
    for _, m in lora_modules(model):
        for p in m.adapter_params():
            p.requires_grad_(True)
    return sorted({n.rsplit(".", 1)[-1] for n in names})


def adapter_state_dict(model: nn.Module) -> dict[str, torch.Tensor]:
    sd = {}
    for n, m in lora_modules(model):
        sd[f"{KEY_PREFIX}{n}.lora_A.weight"] = m.lora_A.weight.detach().float().contiguous().cpu()
        sd[f"{KEY_PREFIX}{n}.lora_B.weight"] = m.lora_B.weight.detach().float().contiguous().cpu()
    return sd


@torch.no_grad()
def load_adapter_state(
    model: nn.Module, sd: dict[str, torch.Tensor], where: str = "adapter"
) -> None:
    mods = dict(lora_modules(model))
    expected = {f"{KEY_PREFIX}{n}.lora_{ab}.weight" for n in mods for ab in "AB"}
    missing, unexpected = sorted(expected - set(sd)), sorted(set(sd) - expected)
    if missing or unexpected:
        raise ValueError(
            f"{where}: adapter keys do not fit the model; missing {missing[:5]}, unexpected {unexpected[:5]}"
        )
    for n, m in mods.items():
        for ab, lin in (("A", m.lora_A), ("B", m.lora_B)):
            t = sd[f"{KEY_PREFIX}{n}.lora_{ab}.weight"]
            if t.shape != lin.weight.shape:
                raise ValueError(
                    f"{where}: {n}.lora_{ab} has shape {tuple(t.shape)}, model expects {tuple(lin.weight.shape)}"
                )
            lin.weight.copy_(t)


def adapter_config(lora: LoraSpec, target_modules: list[str], base_model_name: str) -> dict:
    """PEFT LoraConfig fields: everything PEFT, vLLM and llama.cpp read (README.md, "Adapter config")."""
    return {
        "peft_type": "LORA",
        "task_type": "CAUSAL_LM",
        "base_model_name_or_path": base_model_name,
        "revision": None,
        "r": lora.r,
        "lora_alpha": lora.alpha,
        "lora_dropout": lora.dropout,
        "use_rslora": lora.use_rslora,
        "use_dora": False,
        "bias": "none",
        "lora_bias": False,
        "fan_in_fan_out": False,
        "init_lora_weights": True,
        "target_modules": target_modules,
        "modules_to_save": None,
        "rank_pattern": {},
        "alpha_pattern": {},
        "layers_to_transform": None,
        "layers_pattern": None,
        "inference_mode": True,
    }


def save_adapter(model: nn.Module, out_dir: str, config: dict) -> None:
    tmp = out_dir.rstrip("/") + ".tmp"
    os.makedirs(tmp, exist_ok=True)
    save_file(
        adapter_state_dict(model), os.path.join(tmp, ADAPTER_WEIGHTS), metadata={"format": "pt"}
    )
    with open(os.path.join(tmp, ADAPTER_CONFIG), "w") as f:
        json.dump(config, f, indent=2)
    replace_dir(tmp, out_dir)


def load_adapter(
    model: PreTrainedModel, adapter_dir: str, quantize: dict | None = None, dropout: float = 0.0
) -> dict:
    """Injects and loads a PEFT-layout LoRA adapter (ours or PEFT's). Refuses what it cannot reproduce exactly."""
    with open(os.path.join(adapter_dir, ADAPTER_CONFIG)) as f:
        cfg = json.load(f)
    unsupported = {
        "peft_type": cfg.get("peft_type", "LORA") != "LORA",
        "use_dora": cfg.get("use_dora"),
        "bias": cfg.get("bias", "none") != "none",
        "lora_bias": cfg.get("lora_bias"),
        "modules_to_save": cfg.get("modules_to_save"),
        "fan_in_fan_out": cfg.get("fan_in_fan_out"),
        "rank_pattern": cfg.get("rank_pattern"),
        "alpha_pattern": cfg.get("alpha_pattern"),
    }
    bad = [k for k, v in unsupported.items() if v]
    if bad:
        raise ValueError(f"{adapter_dir}/{ADAPTER_CONFIG}: unsupported adapter features {bad}")
    targets = cfg.get("target_modules")
    if targets is None:
        raise ValueError(f"{adapter_dir}/{ADAPTER_CONFIG}: target_modules is missing")
    inject_lora(
        model,
        int(cfg.get("r", 8)),
        cfg.get("lora_alpha", 8),
        dropout,
        bool(cfg.get("use_rslora")),
        targets,
        quantize,
    )
    path = os.path.join(adapter_dir, ADAPTER_WEIGHTS)
    if not os.path.exists(path):
        raise ValueError(
            f"{adapter_dir}: no {ADAPTER_WEIGHTS} (pickled adapter_model.bin is not loaded, on purpose)"
        )
    load_adapter_state(model, load_file(path), where=path)
    return cfg


@torch.no_grad()
def fold_adapter(model: PreTrainedModel) -> None:
    """Replaces every (unquantized) LoRALinear by a plain Linear holding W + s*BA, computed in fp32 and cast once to
    the base dtype: the model becomes a plain transformers model again (full fine-tuning from an adapter)."""
    for n, m in lora_modules(model):
        if m.quantize_base:
            raise RuntimeError("folding an adapter into an NF4 base would re-quantize it")
        lin = nn.Linear(
            m.in_features,
            m.out_features,
            bias=m.bias is not None,
            device=m.weight.device,
            dtype=m.weight.dtype,
        )
        lin.weight.copy_(m.merged_weight().to(m.weight.dtype))
        if m.bias is not None:
            lin.bias.copy_(m.bias)
        model.set_submodule(n, lin.train(model.training))
