"""The golden interop tests: real PEFT loads our adapters and we load PEFT's, with no missing keys."""

import json
import os
import warnings

import pytest
import torch
from peft import LoraConfig, PeftModel, get_peft_model
from test_lora import IDS, randomize_b
from transformers import AutoModelForCausalLM

from worker.lora import adapter_config, inject_lora, load_adapter, lora_modules, save_adapter
from worker.spec import LoraSpec


def load(model_dirs, kind):
    return AutoModelForCausalLM.from_pretrained(model_dirs[kind], dtype=torch.float32).eval()


@pytest.mark.parametrize("kind,rslora", [("llama", False), ("qwen2", True), ("tied", False)])
def test_peft_loads_our_adapter(model_dirs, tmp_path, kind, rslora):
    ours = load(model_dirs, kind)
    spec = LoraSpec(r=4, alpha=12, dropout=0.1, use_rslora=rslora)
    names = inject_lora(ours, spec.r, spec.alpha, spec.dropout, spec.use_rslora)
    randomize_b(ours)
    save_adapter(ours, str(tmp_path / "adapter"), adapter_config(spec, names, model_dirs[kind]))
    with torch.no_grad():
        our_logits = ours(IDS).logits

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        peft_model = PeftModel.from_pretrained(
            load(model_dirs, kind), str(tmp_path / "adapter")
        ).eval()
    assert not [
        w
        for w in caught
        if "missing adapter keys" in str(w.message) or "nexpected" in str(w.message)
    ]
    result = peft_model.load_adapter(str(tmp_path / "adapter"), adapter_name="again")
    assert [k for k in result.missing_keys if "again" in k] == [] and result.unexpected_keys == []
    with torch.no_grad():
        torch.testing.assert_close(peft_model(IDS).logits, our_logits, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("kind", ["llama", "qwen2"])
def test_we_load_a_peft_adapter(model_dirs, tmp_path, kind):
    torch.manual_seed(3)
    cfg = LoraConfig(
        r=4,
        lora_alpha=8,
        target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "up_proj"],
        task_type="CAUSAL_LM",
    )
    peft_model = get_peft_model(load(model_dirs, kind), cfg)
    with torch.no_grad():
        for n, p in peft_model.named_parameters():
            if "lora_B" in n:
                p.normal_(0, 0.1)
    peft_model.eval().save_pretrained(str(tmp_path / "peft"))
    with torch.no_grad():
        ref = peft_model(IDS).logits
    ours = load(model_dirs, kind)
    cfg_json = load_adapter(ours, str(tmp_path / "peft"))
    assert cfg_json["r"] == 4 and len(lora_modules(ours)) == 2 * 5
    with torch.no_grad():
        torch.testing.assert_close(ours(IDS).logits, ref, atol=1e-4, rtol=1e-4)


def test_adapter_config_has_what_peft_and_vllm_read(model_dirs, tmp_path):
    model = load(model_dirs, "llama")
    names = inject_lora(model, 8, 16)
    save_adapter(model, str(tmp_path / "a"), adapter_config(LoraSpec(r=8, alpha=16), names, "base"))
    cfg = json.loads((tmp_path / "a" / "adapter_config.json").read_text())
    assert cfg["peft_type"] == "LORA" and cfg["task_type"] == "CAUSAL_LM" and cfg["bias"] == "none"
    assert (cfg["r"], cfg["lora_alpha"], cfg["use_dora"]) == (8, 16, False)
    assert (
        sorted(cfg["target_modules"]) == cfg["target_modules"]
        and "lm_head" not in cfg["target_modules"]
    )
    assert sorted(os.listdir(tmp_path / "a")) == [
        "adapter_config.json",
        "adapter_model.safetensors",
    ]
    LoraConfig.from_pretrained(str(tmp_path / "a"))  # PEFT parses it
