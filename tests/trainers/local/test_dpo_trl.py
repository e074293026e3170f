"""One DPO step against TRL's DPOTrainer (trl 1.16, the reference): same tiny model, same preference pairs, same
weights; the loss and every trained gradient agree. LoRA: TRL's reference is the PEFT model with its adapter switched
off, ours the starting policy whose fresh adapter (B = 0) is the same base. Full fine-tuning: TRL precomputes the
reference log-probs, as we do. Tokenization is compared token for token."""

import math

import pytest
import torch
from conftest import write_jsonl
from datasets import Dataset
from peft import LoraConfig
from transformers import AutoModelForCausalLM, AutoTokenizer
from trl import DPOConfig, DPOTrainer

from worker.dpo import Dpo
from worker.lora import inject_lora, lora_modules
from worker.preference import encode_pair
from worker.spec import TrainSpec

SYSTEM = {"role": "system", "content": "answer"}
PAIRS = [
    ("what is the capital of france ?", "paris", "berlin is a big city"),
    ("what color is the sky ?", "blue", "green and red"),
    ("what does the cat eat ?", "the cat eats fish", "bones"),
    ("what day was i born ?", "january 1 , 2058", "no"),
]
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def openai_line(q, good, bad):
    return {
        "input": {"messages": [SYSTEM, {"role": "user", "content": q}]},
        "preferred_output": [{"role": "assistant", "content": good}],
        "non_preferred_output": [{"role": "assistant", "content": bad}],
    }


def trl_rows(pairs):
    return [
        {
            "prompt": [SYSTEM, {"role": "user", "content": q}],
            "chosen": [{"role": "assistant", "content": good}],
            "rejected": [{"role": "assistant", "content": bad}],
        }
        for q, good, bad in pairs
    ]


def trl_trainer(model_dir, tmp_path, peft, loss_type, beta, precompute, pairs=PAIRS):
    args = DPOConfig(
        output_dir=str(tmp_path / "trl"),
        per_device_train_batch_size=len(pairs),
        beta=beta,
        loss_type=[loss_type],
        label_smoothing=0.1 if loss_type == "aot_unpaired" else 0.0,
        max_length=64,
        precompute_ref_log_probs=precompute,
        learning_rate=1e-3,
        bf16=False,
        use_cpu=True,
        report_to=[],
        gradient_checkpointing=False,
        dataloader_num_workers=0,
        seed=0,
    )
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    peft_config = (
        LoraConfig(
            r=4, lora_alpha=8, lora_dropout=0.0, target_modules=TARGETS, task_type="CAUSAL_LM"
        )
        if peft
        else None
    )
    return DPOTrainer(
        model=model,
        args=args,
        train_dataset=Dataset.from_list(trl_rows(pairs)),
        processing_class=AutoTokenizer.from_pretrained(model_dir),
        peft_config=peft_config,
    )


def trl_step(trainer):
    """TRL's loss and gradients for its first batch (every pair), as its training step computes them."""
    model = trainer.model.train()
    batch = next(iter(trainer.get_train_dataloader()))
    loss = trainer.compute_loss(model, batch)
    loss.backward()
    return loss.item(), {n: p.grad for n, p in model.named_parameters() if p.requires_grad}


def our_objective(model_dir, tmp_path, parameters, dpo, pairs=PAIRS):
    spec = TrainSpec(
        base_model=model_dir,
        train_file=write_jsonl(tmp_path / "pairs.jsonl", [openai_line(*p) for p in pairs]),
        objective="dpo",
        parameters=parameters,
        lora={"r": 4, "alpha": 8, "target_modules": TARGETS} if parameters == "lora" else None,
        dpo=dpo,
        training={"batch_size": len(pairs), "max_seq_len": 64},
    )
    return Dpo(spec, AutoTokenizer.from_pretrained(model_dir))


def prepare(objective, model, tmp_path):
    """Reference log-probs from the model as it is now; returns the window of every pair."""
    objective.prepare(model, str(tmp_path), False, torch.device("cpu"))
    model.train()
    return [[[k] for k in range(len(objective.items))]]


@pytest.mark.parametrize("kind", ["llama", "qwen2"])
def test_tokenization_matches_trl(model_dirs, tmp_path, kind):
    trainer = trl_trainer(
        model_dirs[kind], tmp_path, peft=False, loss_type="sigmoid", beta=0.1, precompute=False
    )
    tok = AutoTokenizer.from_pretrained(model_dirs[kind])
    for row, (q, good, bad) in zip(trainer.train_dataset, PAIRS, strict=True):
        chosen, rejected = encode_pair(
            tok,
            [SYSTEM, {"role": "user", "content": q}],
            {"role": "assistant", "content": good},
            {"role": "assistant", "content": bad},
            "x",
        )
        for (ids, labels), completion in (
            (chosen, row["chosen_ids"]),
            (rejected, row["rejected_ids"]),
        ):
            assert ids == row["prompt_ids"] + completion
            assert [x for x in labels if x != -100] == completion


@pytest.mark.parametrize(
    "loss_type, ours",
    [
        ("sigmoid", {"beta": 0.1}),
        ("ipo", {"beta": 0.5, "loss": "ipo"}),
    ],
)
def test_lora_step_equals_trl(model_dirs, tmp_path, loss_type, ours):
    trainer = trl_trainer(model_dirs["llama"], tmp_path, True, loss_type, ours["beta"], False)
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():  # a trained-looking adapter, so that every LoRA gradient is non-zero
        for n, p in trainer.model.named_parameters():
            if "lora_B" in n:
                p.copy_(torch.randn(p.shape, generator=g) * 0.3)
    trl_loss, trl_grads = trl_step(trainer)

    objective = our_objective(model_dirs["llama"], tmp_path, "lora", ours)
    model = AutoModelForCausalLM.from_pretrained(model_dirs["llama"], dtype=torch.float32)
    inject_lora(model, 4, 8, 0.0, False, TARGETS)
    window = prepare(objective, model, tmp_path)  # reference: B = 0, the base model
    theirs = dict(trainer.model.named_parameters())
    with torch.no_grad():
        for name, m in lora_modules(model):
            for ab in "AB":
                getattr(m, f"lora_{ab}").weight.copy_(theirs[trl_name(name, ab)])
    result = objective.step(model, window, torch.device("cpu"))
    assert abs(result.loss - trl_loss) <= 1e-5
    assert len(trl_grads) == 2 * len(lora_modules(model)) == 2 * 7 * 2
    for name, m in lora_modules(model):
        for ab in "AB":
            theirs = trl_grads[trl_name(name, ab)]
            assert theirs.abs().max() > 0
            torch.testing.assert_close(
                getattr(m, f"lora_{ab}").weight.grad, theirs, atol=1e-5, rtol=1e-5
            )


@torch.no_grad()
def perturb(model, seed=2):
    """Moves every weight a little, the same way for the same parameter names, so that policy != reference."""
    g = torch.Generator().manual_seed(seed)
    for _, p in sorted(model.named_parameters()):
        p.add_(torch.randn(p.shape, generator=g) * 0.05)


def trl_name(name, ab):
    return f"base_model.model.{name}.lora_{ab}.default.weight"


@pytest.mark.parametrize(
    "loss_type, ours, pairs",
    [
        ("sigmoid", {"beta": 0.1}, PAIRS),
        # cDPO: TRL 1.16's sigmoid ignores label_smoothing; its aot_unpaired loss on a single pair (sorting one
        # value changes nothing) is exactly -(1-e) log s(bD) - e log s(-bD)
        ("aot_unpaired", {"beta": 0.1, "label_smoothing": 0.1}, PAIRS[2:3]),
    ],
)
def test_full_step_equals_trl(model_dirs, tmp_path, loss_type, ours, pairs):
    trainer = trl_trainer(
        model_dirs["qwen2"], tmp_path, False, loss_type, ours["beta"], True, pairs
    )
    perturb(trainer.model)  # after TRL precomputed its reference log-probs
    trl_loss, trl_grads = trl_step(trainer)

    objective = our_objective(model_dirs["qwen2"], tmp_path, "full", ours, pairs)
    model = AutoModelForCausalLM.from_pretrained(model_dirs["qwen2"], dtype=torch.float32)
    window = prepare(objective, model, tmp_path)
    perturb(model)
    result = objective.step(model, window, torch.device("cpu"))
    assert abs(result.loss - math.log(2)) > 1e-3  # the policy has moved away from the reference
    assert abs(result.loss - trl_loss) <= 1e-5
    ours_grads = {n: p.grad for n, p in model.named_parameters()}
    assert ours_grads.keys() == trl_grads.keys()
    for n, theirs in trl_grads.items():
        torch.testing.assert_close(ours_grads[n], theirs, atol=1e-5, rtol=1e-5)
