"""The method contract: objective x parameters in the spec (defaults, contradictions refused), the LoRA rank limit,
and init_from (a DPO run starting from an SFT run's adapter or model, which is also its reference)."""

import contextlib
import io
import json

import pytest
import torch
from conftest import write_jsonl
from test_cli import FACTS, dump, train_spec
from test_dpo_trl import openai_line
from transformers import AutoModelForCausalLM

from worker.lora import inject_lora
from worker.spec import SpecError, TrainSpec, load_spec
from worker.train import train

PAIRS = [(q, a, "no idea") for q, a in FACTS]


@pytest.mark.parametrize(
    "patch, message",
    [
        (
            {"parameters": "lora", "quantization": {"type": "nf4"}},
            'parameters is "lora" but quantization is set',
        ),
        (
            {"parameters": "full", "quantization": {"type": "nf4"}},
            'parameters is "full" but quantization is set',
        ),
        (
            {"parameters": "full"},
            'parameters is "full" but a lora object is given; set lora to null',
        ),
        ({"parameters": "adapter"}, "parameters must be one of ['lora', 'qlora', 'full'] or null"),
        ({"objective": "rlhf"}, "objective must be one of ['sft', 'dpo']"),
        ({"dpo": {"beta": 0.1}}, 'dpo settings are given but objective is "sft"'),
        ({"objective": "dpo", "dpo": {"beta": 0}}, "dpo.beta must be > 0"),
        (
            {"objective": "dpo", "dpo": {"loss": "hinge"}},
            "dpo.loss must be one of ['sigmoid', 'ipo']",
        ),
        (
            {"objective": "dpo", "dpo": {"label_smoothing": 0.5}},
            "dpo.label_smoothing must be in [0, 0.5)",
        ),
        (
            {"objective": "dpo", "dpo": {"loss": "ipo", "label_smoothing": 0.1}},
            'applies to the "sigmoid" loss only',
        ),
        ({"objective": "dpo", "dpo": {"gamma": 1}}, "dpo: unknown key(s) ['gamma']"),
        (
            {"objective": "dpo", "lora": {"dropout": 0.1}},
            "lora.dropout must be 0 with objective dpo",
        ),
        (
            {"objective": "dpo", "training": {"packing": True}},
            "training.packing is not supported with objective dpo",
        ),
        (
            {"parameters": "full", "lora": None, "export_merged": True},
            "export_merged applies to LoRA/QLoRA runs",
        ),
        ({"init_from": "/nope"}, "init_from: folder not found: /nope"),
    ],
)
def test_contradictions_are_refused(tmp_path, patch, message):
    spec = {**train_spec(tmp_path, "m"), **patch}
    with pytest.raises(SpecError) as e:
        load_spec(dump(tmp_path / "s.json", spec), TrainSpec)
    assert message in str(e.value)


def resolved(tmp_path, **patch):
    spec = train_spec(tmp_path, "m")
    spec.pop("lora")
    return load_spec(dump(tmp_path / "s.json", {**spec, **patch}), TrainSpec)


def test_defaults_follow_the_older_keys(tmp_path):
    s = resolved(tmp_path)
    assert (s.objective, s.parameters, s.quantization, s.dpo, s.lora.dropout) == (
        "sft",
        "lora",
        None,
        None,
        0.05,
    )
    s = resolved(tmp_path, quantization={"type": "nf4"})
    assert s.parameters == "qlora"
    s = resolved(tmp_path, parameters="qlora")
    assert (s.quantization.type, s.quantization.double_quant) == ("nf4", True)
    s = resolved(tmp_path, objective="dpo")
    assert (s.dpo.beta, s.dpo.loss, s.dpo.label_smoothing, s.lora.dropout) == (
        0.1,
        "sigmoid",
        0.0,
        0.0,
    )
    s = resolved(tmp_path, parameters="full")
    assert s.lora is None and s.to_dict()["parameters"] == "full"


def test_init_from_names_what_it_expects(tmp_path):
    (tmp_path / "run" / "adapter").mkdir(parents=True)
    with pytest.raises(
        SpecError, match=r"holds neither an adapter .* did you mean .*run/adapter\?"
    ):
        resolved(tmp_path, init_from=str(tmp_path / "run"))
    (tmp_path / "run" / "adapter" / "adapter_config.json").write_text(
        json.dumps({"r": 8, "lora_alpha": 16, "target_modules": ["v_proj", "q_proj"]})
    )
    s = resolved(tmp_path, init_from=str(tmp_path / "run" / "adapter"))
    assert (s.lora.r, s.lora.alpha, s.lora.target_modules) == (8, 16, ["q_proj", "v_proj"])
    with pytest.raises(SpecError, match="lora.r is 4 but the init_from adapter has 8"):
        resolved(tmp_path, init_from=str(tmp_path / "run" / "adapter"), lora={"r": 4})


def test_rank_above_a_layers_smaller_dimension_is_refused(model_dirs):
    model = AutoModelForCausalLM.from_pretrained(model_dirs["llama"])
    # k_proj maps 64 -> 32 (2 key/value heads of 16)
    with pytest.raises(
        SpecError,
        match=r"lora.r=40 is larger than model.layers.0.self_attn.k_proj's smaller "
        r"dimension \(64 in, 32 out\).*choose lora.r <= 32",
    ):
        inject_lora(model, 40, 80)
    assert inject_lora(model, 32, 64)


def run(spec: dict, out: str) -> list[dict]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert train(TrainSpec(**spec), out) == 0
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def first_step(evs):
    return {e["name"]: e["value"] for e in evs if e["type"] == "metric" and e["step"] == 1}


def test_dpo_starts_from_an_sft_adapter_or_model_which_is_its_reference(model_dirs, tmp_path):
    base = model_dirs["llama"]
    sft = {**train_spec(tmp_path, base, max_steps=10), "device": "cpu"}
    sft["lora"]["r"] = 4
    run(sft, str(tmp_path / "sft-lora"))
    sft.pop("lora")
    run(
        {**sft, "parameters": "full", "training": {**sft["training"], "learning_rate": 1e-3}},
        str(tmp_path / "sft-full"),
    )
    pairs = write_jsonl(tmp_path / "pairs.jsonl", [openai_line(*p) for p in PAIRS])
    dpo = {
        "base_model": base,
        "train_file": pairs,
        "objective": "dpo",
        "device": "cpu",
        "training": {"max_steps": 1, "batch_size": 4},
    }
    adapter, model = str(tmp_path / "sft-lora" / "adapter"), str(tmp_path / "sft-full" / "model")
    starts = {
        "base": run(dpo, str(tmp_path / "d0")),
        "adapter-lora": run({**dpo, "init_from": adapter}, str(tmp_path / "d1")),
        "adapter-full": run(
            {**dpo, "init_from": adapter, "parameters": "full"}, str(tmp_path / "d2")
        ),
        "model-lora": run({**dpo, "init_from": model}, str(tmp_path / "d3")),
        "model-full": run({**dpo, "init_from": model, "parameters": "full"}, str(tmp_path / "d4")),
    }
    first = {k: first_step(v) for k, v in starts.items()}
    for (
        m
    ) in first.values():  # the reference is the starting policy: no reward before the first update
        assert m["rewards/chosen"] == m["rewards/rejected"] == m["rewards/margins"] == 0
    logps = {k: m["logps/chosen"] for k, m in first.items()}
    assert abs(logps["adapter-lora"] - logps["adapter-full"]) < 1e-4  # adapter on, or folded in
    assert abs(logps["model-lora"] - logps["model-full"]) < 1e-4
    assert len({round(logps[k], 2) for k in ("base", "adapter-lora", "model-lora")}) == 3
    cfg = json.loads((tmp_path / "d1" / "adapter" / "adapter_config.json").read_text())
    assert (cfg["r"], cfg["lora_dropout"]) == (4, 0.0)
    loaded = AutoModelForCausalLM.from_pretrained(str(tmp_path / "d4" / "model"))
    assert loaded.config.vocab_size == AutoModelForCausalLM.from_pretrained(base).config.vocab_size
    assert not torch.equal(
        loaded.lm_head.weight, AutoModelForCausalLM.from_pretrained(model).lm_head.weight
    )
