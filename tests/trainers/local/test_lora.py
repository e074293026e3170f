"""LoRALinear semantics: PEFT init and scaling, exact no-op at step 0, merge/unmerge, targeting rules."""

import math

import pytest
import torch
from transformers import AutoModelForCausalLM

from worker.lora import LoRALinear, adapter_state_dict, inject_lora, lora_modules
from worker.spec import SpecError

IDS = torch.tensor([[1, 3, 10, 11, 12, 13, 4, 3, 9], [1, 3, 20, 21, 22, 4, 3, 9, 30]])


def load(model_dirs, kind):
    return AutoModelForCausalLM.from_pretrained(model_dirs[kind], dtype=torch.float32).eval()


def randomize_b(model, seed=1):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for _, m in lora_modules(model):
            m.lora_B.weight.copy_(torch.randn(m.lora_B.weight.shape, generator=g) * 0.1)


@pytest.mark.parametrize("kind", ["llama", "qwen2", "tied"])
def test_fresh_adapter_is_exact_noop(model_dirs, kind):
    base = load(model_dirs, kind)
    with torch.no_grad():
        ref = base(IDS).logits.clone()
    inject_lora(base, r=4, alpha=8)
    with torch.no_grad():
        assert torch.equal(base(IDS).logits, ref)


def test_init_and_scaling_follow_peft():
    lin = torch.nn.Linear(256, 32)
    m = LoRALinear(lin, r=8, alpha=32)
    bound = 1 / math.sqrt(256)
    a = m.lora_A.weight
    assert a.dtype == torch.float32 and a.abs().max() <= bound and a.abs().max() > 0.9 * bound
    assert abs(a.mean().item()) < 0.1 * bound and torch.count_nonzero(m.lora_B.weight) == 0
    assert m.scaling == 32 / 8
    assert LoRALinear(lin, r=16, alpha=32, use_rslora=True).scaling == 32 / 4
    assert m.weight is lin.weight and not m.weight.requires_grad


@pytest.mark.parametrize("kind", ["llama", "qwen2"])
def test_merge_unmerge(model_dirs, kind):
    model = load(model_dirs, kind)
    base_w = model.model.layers[0].self_attn.q_proj.weight.detach().clone()
    with torch.no_grad():
        base_logits = model(IDS).logits.clone()
    inject_lora(model, r=4, alpha=16)
    randomize_b(model)
    with torch.no_grad():
        unmerged = model(IDS).logits.clone()
        for _, m in lora_modules(model):
            m.merge()
        merged = model(IDS).logits.clone()
        for _, m in lora_modules(model):
            m.merge()  # idempotent
        again = model(IDS).logits.clone()
        for _, m in lora_modules(model):
            m.unmerge()
        restored = model(IDS).logits.clone()
    assert not torch.allclose(unmerged, base_logits, atol=1e-3)
    torch.testing.assert_close(merged, unmerged, atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(again, merged, atol=1e-6, rtol=0)
    torch.testing.assert_close(restored, unmerged, atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(
        model.model.layers[0].self_attn.q_proj.weight, base_w, atol=1e-6, rtol=0
    )


def test_default_targets_skip_tied_head_and_embeddings(model_dirs):
    model = load(model_dirs, "tied")
    names = inject_lora(model, r=4, alpha=8)
    assert names == ["down_proj", "gate_proj", "k_proj", "o_proj", "q_proj", "up_proj", "v_proj"]
    assert model.lm_head.weight.data_ptr() == model.model.embed_tokens.weight.data_ptr()
    keys = adapter_state_dict(model)
    assert len(keys) == 2 * 7 * 2
    assert all(
        k.startswith("base_model.model.model.layers.")
        and k.endswith((".lora_A.weight", ".lora_B.weight"))
        and "default" not in k
        and "base_layer" not in k
        for k in keys
    )
    assert keys["base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight"].shape == (32, 4)
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    assert trainable and all(".lora_" in n for n in trainable)


@pytest.mark.parametrize(
    "targets, message",
    [
        (["qkv"], "matches no module"),
        (["embed_tokens"], "not a Linear"),
        (["lm_head"], "tied"),
    ],
)
def test_bad_targets_are_explained(model_dirs, targets, message):
    model = load(model_dirs, "tied")
    with pytest.raises(SpecError, match=message):
        inject_lora(model, r=4, alpha=8, target_modules=targets)


def test_explicit_targets_only_wrap_those(model_dirs):
    model = load(model_dirs, "llama")
    assert inject_lora(model, r=2, alpha=2, target_modules=["q_proj", "v_proj"]) == [
        "q_proj",
        "v_proj",
    ]
    assert {n.rsplit(".", 1)[-1] for n, _ in lora_modules(model)} == {"q_proj", "v_proj"}
