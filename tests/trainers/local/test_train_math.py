"""Training mechanics on tiny fp32 models: checkpointing, accumulation, gradient flow, fused loss, QLoRA."""

import pytest
import torch
from conftest import make_tokenizer
from transformers import AutoModelForCausalLM

from worker.data import encode
from worker.lora import inject_lora, lora_modules
from worker.plan import lr_lambda
from worker.policy import enable_checkpointing
from worker.sft import forward_backward

SENTENCE = "the cat likes fish and the dog eats bones in my house big small old new river tree"
WORDS = SENTENCE.split()


def samples(n=8, seed=0):
    tok, g = make_tokenizer(), torch.Generator().manual_seed(seed)
    out = []
    for i in range(n):  # variable lengths, so padding and token counts differ between micro-batches
        q = " ".join(
            WORDS[j] for j in torch.randint(len(WORDS), (3 + i % 4,), generator=g).tolist()
        )
        a = " ".join(
            WORDS[j] for j in torch.randint(len(WORDS), (1 + 2 * (i % 3),), generator=g).tolist()
        )
        out.append(
            encode(
                tok, [{"role": "user", "content": q}, {"role": "assistant", "content": a}], f"s{i}"
            )
        )
    return out, tok.pad_token_id


def lora_model(model_dirs, kind="llama", quantize=None, gc=False):
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(model_dirs[kind], dtype=torch.float32)
    inject_lora(model, r=4, alpha=8, dropout=0.0, quantize=quantize)
    with torch.no_grad():  # non-zero B so every gradient path is exercised
        for _, m in lora_modules(model):
            m.lora_B.weight.normal_(0, 0.05)
    if gc:
        enable_checkpointing(model)
    return model.train()


def grads(model):
    return {n: p.grad.detach().clone() for n, p in model.named_parameters() if p.requires_grad}


def run(model, data, pad, split, packing=False):
    loss, n, _ = forward_backward(model, data, split, pad, packing, torch.device("cpu"))
    return loss, grads(model)


@pytest.mark.parametrize("kind", ["llama", "qwen2"])
def test_gradient_checkpointing_changes_nothing(model_dirs, kind):
    data, pad = samples()
    split = [[[0], [1], [2], [3]]]
    l1, g1 = run(lora_model(model_dirs, kind), data, pad, split)
    l2, g2 = run(lora_model(model_dirs, kind, gc=True), data, pad, split)
    assert abs(l1 - l2) <= 1e-6
    for k in g1:
        torch.testing.assert_close(g2[k], g1[k], atol=1e-6, rtol=0)


def test_accumulation_is_token_normalised(model_dirs):
    data, pad = samples()
    one = [[[i] for i in range(8)]]  # batch 8 x accumulation 1
    four = [[[0], [1]], [[2], [3]], [[4], [5]], [[6], [7]]]  # batch 2 x accumulation 4
    l1, g1 = run(lora_model(model_dirs), data, pad, one)
    l2, g2 = run(lora_model(model_dirs), data, pad, four)
    assert abs(l1 - l2) <= 1e-5
    for k in g1:
        torch.testing.assert_close(g2[k], g1[k], atol=1e-5, rtol=1e-5)


def test_every_lora_b_moves_after_one_step_with_checkpointing(model_dirs):
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(model_dirs["tied"], dtype=torch.float32)
    inject_lora(model, r=4, alpha=8)  # B starts at zero: only a gradient through A's path moves it
    enable_checkpointing(model)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-3)
    data, pad = samples()
    forward_backward(model, data, [[[0], [1]], [[2], [3]]], pad, False, torch.device("cpu"))
    opt.step()
    norms = [m.lora_B.weight.norm().item() for _, m in lora_modules(model)]
    assert len(norms) == 14 and all(n > 0 for n in norms)


def test_fused_loss_gradient_matches_plain_cross_entropy(model_dirs):
    from worker.data import collate
    from worker.loss import lm_loss_sum

    data, pad = samples()
    batch = collate(data, [[0], [1], [2]], pad, False)
    out = []
    for fused in (True, False):
        model = lora_model(model_dirs)
        loss, _ = lm_loss_sum(model, batch, fused=fused)
        loss.backward()
        out.append((loss.item(), grads(model)))
    assert abs(out[0][0] - out[1][0]) < 1e-4
    for k in out[0][1]:
        torch.testing.assert_close(out[0][1][k], out[1][1][k], atol=1e-5, rtol=1e-4)


def test_qlora_trains_through_nf4_base(model_dirs):
    data, pad = samples()
    model = lora_model(model_dirs, "qwen2", quantize={"double_quant": True}, gc=True)
    assert not any(p.requires_grad for n, p in model.named_parameters() if ".lora_" not in n)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-2)
    losses = []
    for _ in range(15):
        loss, _, _ = forward_backward(
            model, data, [[[0], [1], [2], [3]]], pad, False, torch.device("cpu")
        )
        opt.step(), opt.zero_grad()
        losses.append(loss)
    assert losses[-1] < 0.85 * losses[0]


def test_warmup_then_cosine():
    f = lr_lambda(warmup=4, total=20)
    assert [round(f(s), 3) for s in range(5)] == [0.2, 0.4, 0.6, 0.8, 1.0]
    assert f(12) == pytest.approx(0.5) and f(20) == pytest.approx(0.0)
