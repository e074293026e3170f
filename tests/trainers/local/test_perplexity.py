"""`python -m worker perplexity` against a direct transformers (+ PEFT) computation on tiny models."""

import json

import pytest
import torch
from conftest import read_jsonl, run_worker, write_jsonl
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

from worker.perplexity import PerplexitySpec, perplexity

SAMPLES = [
    {"id": "a", "prompt": "what is the capital of france ?", "completion": "paris"},
    {"id": "b", "prompt": "hello", "completion": "hi , how are you ? i am fine thanks"},
    {
        "id": "c",
        "messages": [
            {"role": "system", "content": "say yes or no"},
            {"role": "user", "content": "is the sky blue ?"},
            {"role": "assistant", "content": "yes the sky is blue"},
            {"role": "user", "content": "is the cat green ?"},
            {"role": "assistant", "content": "no"},
        ],
    },
]


def messages(s):
    if "messages" in s:
        return s["messages"]
    return [
        {"role": "user", "content": s["prompt"]},
        {"role": "assistant", "content": s["completion"]},
    ]


def reference_nll(model, tok, s):
    """Summed NLL of the last assistant turn's tokens, from the chat template's own strings."""
    msgs = messages(s)
    prompt = tok.apply_chat_template(msgs[:-1], tokenize=False, add_generation_prompt=True)
    full = tok.apply_chat_template(msgs, tokenize=False)
    p_ids = tok(prompt, add_special_tokens=False).input_ids
    ids = tok(full, add_special_tokens=False).input_ids
    assert ids[: len(p_ids)] == p_ids
    with torch.no_grad():
        logp = torch.log_softmax(model(torch.tensor([ids])).logits[0].double(), -1)
    answer = range(len(p_ids), len(ids))
    return -sum(logp[t - 1, ids[t]].item() for t in answer), len(answer)


def scored(path):
    return {r["id"]: (r["nll"], r["tokens"]) for r in read_jsonl(path)}


def peft_adapter(model_dir, out):
    torch.manual_seed(5)
    base = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    cfg = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj", "up_proj"])
    peft_model = get_peft_model(base, cfg)
    with torch.no_grad():
        for n, p in peft_model.named_parameters():
            if "lora_B" in n:
                p.normal_(0, 0.3)
    peft_model.save_pretrained(out)
    return out


@pytest.mark.parametrize("kind", ["llama", "qwen2"])
def test_matches_transformers_for_base_and_adapter(model_dirs, tmp_path, kind):
    samples = write_jsonl(tmp_path / "s.jsonl", SAMPLES)
    adapter = peft_adapter(model_dirs[kind], str(tmp_path / "adapter"))
    tok = AutoTokenizer.from_pretrained(model_dirs[kind])
    base = AutoModelForCausalLM.from_pretrained(model_dirs[kind], dtype=torch.float32).eval()
    tuned = PeftModel.from_pretrained(
        AutoModelForCausalLM.from_pretrained(model_dirs[kind], dtype=torch.float32), adapter
    ).eval()
    for name, model, spec_adapter in (("base", base, None), ("tuned", tuned, adapter)):
        for batch in (1, 3):  # right padding must not change a row's scores
            out = str(tmp_path / f"{name}-{batch}.jsonl")
            spec = PerplexitySpec(
                base_model=model_dirs[kind],
                samples_file=samples,
                adapter=spec_adapter,
                batch_size=batch,
                device="cpu",
            )
            assert perplexity(spec, out) == 0
            got = scored(out)
            for s in SAMPLES:
                nll, tokens = reference_nll(model, tok, s)
                assert got[s["id"]][1] == tokens
                assert got[s["id"]][0] == pytest.approx(nll, rel=1e-5, abs=1e-5)
    assert scored(tmp_path / "base-1.jsonl")["a"] != scored(tmp_path / "tuned-1.jsonl")["a"]


def test_cli_protocol_and_a_full_model_folder(model_dirs, tmp_path):
    """A full fine-tune's output is a model folder: it is the base_model, with no adapter."""
    samples = write_jsonl(tmp_path / "s.jsonl", SAMPLES[:2])
    spec = tmp_path / "p.json"
    spec.write_text(json.dumps({"base_model": model_dirs["qwen2"], "samples_file": samples}))
    _, evs, _ = run_worker("perplexity", "--spec", str(spec), "--out", str(tmp_path / "o.jsonl"))
    assert [e["type"] for e in evs] == ["started", "progress", "completed"]
    assert evs[0]["total"] == 2 and evs[-1]["count"] == 2
    tok = AutoTokenizer.from_pretrained(model_dirs["qwen2"])
    model = AutoModelForCausalLM.from_pretrained(model_dirs["qwen2"], dtype=torch.float32).eval()
    got = scored(tmp_path / "o.jsonl")
    for s in SAMPLES[:2]:
        nll, tokens = reference_nll(model, tok, s)
        assert got[s["id"]] == (pytest.approx(nll, rel=1e-5), tokens)
    assert not (tmp_path / "o.jsonl.partial").exists()


def test_bad_input_is_a_failed_event_naming_the_line(model_dirs, tmp_path):
    samples = write_jsonl(tmp_path / "s.jsonl", [SAMPLES[0], {"id": "x", "prompt": "hello"}])
    spec = tmp_path / "p.json"
    spec.write_text(json.dumps({"base_model": model_dirs["llama"], "samples_file": samples}))
    rc, evs, _ = run_worker(
        "perplexity", "--spec", str(spec), "--out", str(tmp_path / "o.jsonl"), check=False
    )
    assert rc == 1 and evs[-1]["type"] == "failed" and "s.jsonl:2" in evs[-1]["error"]
    spec.write_text(json.dumps({"base_model": model_dirs["llama"]}))
    rc, evs, _ = run_worker(
        "perplexity", "--spec", str(spec), "--out", str(tmp_path / "o.jsonl"), check=False
    )
    assert rc == 1 and "samples_file" in evs[-1]["error"]
