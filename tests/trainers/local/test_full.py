"""Full fine-tuning: one step equals a plain PyTorch AdamW step on the same batch; the saved folder is a transformers
model (sharded or not, tied head or not) with identical logits."""

import json
import os

import pytest
import torch
import torch.nn.functional as F
from conftest import make_tokenizer, write_jsonl
from test_lora import IDS
from test_train_math import samples
from transformers import AutoModelForCausalLM

from worker.data import collate
from worker.model_folder import INDEX, save_model_folder
from worker.plan import lr_lambda
from worker.policy import build_policy
from worker.sft import forward_backward
from worker.spec import TrainSpec
from worker.train import make_optimizer, optimizer_step

CPU = torch.device("cpu")


def full_spec(tmp_path, model_dir, **training):
    return TrainSpec(
        base_model=model_dir,
        train_file=write_jsonl(tmp_path / "t.jsonl", [{"prompt": "a", "completion": "b"}]),
        parameters="full",
        device="cpu",
        training={"learning_rate": 1e-3, "max_grad_norm": 1.0, **training},
    )


@pytest.mark.parametrize("kind", ["qwen2", "tied"])
def test_one_step_equals_plain_adamw(model_dirs, tmp_path, kind):
    data, pad = samples()
    spec = full_spec(tmp_path, model_dirs[kind])
    policy = build_policy(spec, make_tokenizer(), CPU, torch.float32)
    params = policy.params()
    opt = make_optimizer(params, spec.training, CPU)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda(0, 10))
    # two micro-batches of two: the window's token-mean loss, as one batch of four gives it
    loss, _, _ = forward_backward(
        policy.model.train(), data, [[[0], [1]], [[2], [3]]], pad, False, CPU
    )
    grads = {n: p.grad.clone() for n, p in policy.model.named_parameters()}
    optimizer_step(params, opt, sched, spec.training.max_grad_norm)

    ref = AutoModelForCausalLM.from_pretrained(model_dirs[kind], dtype=torch.float32).train()
    b = collate(data, [[0], [1], [2], [3]], pad, False)
    logits = ref(
        input_ids=b["input_ids"], attention_mask=b["attention_mask"], position_ids=b["position_ids"]
    ).logits
    ref_loss = F.cross_entropy(logits.flatten(0, 1), b["targets"].flatten(), ignore_index=-100)
    ref_loss.backward()
    ref_grads = {n: p.grad.clone() for n, p in ref.named_parameters()}
    torch.nn.utils.clip_grad_norm_(ref.parameters(), 1.0)
    torch.optim.AdamW(ref.parameters(), lr=1e-3, weight_decay=0.0).step()

    assert abs(loss - ref_loss.item()) <= 1e-5
    named = dict(ref.named_parameters())
    assert named.keys() == grads.keys() == ref_grads.keys()
    base = dict(AutoModelForCausalLM.from_pretrained(model_dirs[kind]).named_parameters())
    for n, p in policy.model.named_parameters():
        torch.testing.assert_close(grads[n], ref_grads[n], atol=1e-6, rtol=1e-5)
        # AdamW's first step moves a weight by lr * g / (|g| + eps): where g is tiny (or a true zero at round-off)
        # the fraction of lr is sensitive to rounding, elsewhere the weights agree
        sure = ref_grads[n].abs() > 1e-4
        torch.testing.assert_close(p[sure], named[n][sure], atol=1e-7, rtol=1e-6)
        assert (p - named[n]).abs().max() <= 2e-3
        assert not torch.equal(p, base[n])  # every weight trained


def test_weight_decay_skips_biases_and_norms(model_dirs, tmp_path):
    spec = full_spec(tmp_path, model_dirs["qwen2"], weight_decay=0.1)
    policy = build_policy(spec, make_tokenizer(), CPU, torch.float32)
    opt = make_optimizer(policy.params(), spec.training, CPU)
    decayed = {id(p) for g in opt.param_groups if g["weight_decay"] for p in g["params"]}
    names = {n for n, p in policy.model.named_parameters() if id(p) in decayed}
    assert (
        "model.layers.0.self_attn.q_proj.weight" in names and "model.embed_tokens.weight" in names
    )
    assert not any(n.endswith(("bias", "norm.weight", "layernorm.weight")) for n in names)


@pytest.mark.parametrize("kind, shard", [("qwen2", None), ("tied", 30_000)])
def test_saved_folder_loads_in_transformers_with_identical_logits(
    model_dirs, tmp_path, kind, shard
):
    spec = full_spec(tmp_path, model_dirs[kind])
    policy = build_policy(spec, make_tokenizer(), CPU, torch.float32)
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():  # trained-looking weights, distinct from the base folder's
        for p in policy.model.parameters():
            p.add_(torch.randn(p.shape, generator=g) * 0.02)
    out = str(tmp_path / "model")
    if shard:
        save_model_folder(policy.model, policy.tokenizer, out, torch.float32, shard_bytes=shard)
    else:
        policy.save(out)
    files = set(os.listdir(out))
    assert {"config.json", "generation_config.json", "tokenizer.json"} <= files
    if shard:
        assert INDEX in files and len([f for f in files if f.startswith("model-0")]) > 1
        index = json.loads((tmp_path / "model" / INDEX).read_text())
        assert "lm_head.weight" not in index["weight_map"]  # tied: stored once, as the embedding
    else:
        assert "model.safetensors" in files and INDEX not in files
    assert json.loads((tmp_path / "model" / "config.json").read_text())["dtype"] == "float32"
    loaded = AutoModelForCausalLM.from_pretrained(out).eval()
    with torch.no_grad():
        assert torch.equal(loaded(IDS).logits, policy.model.eval()(IDS).logits)
    if kind == "tied":
        assert loaded.lm_head.weight.data_ptr() == loaded.model.embed_tokens.weight.data_ptr()
