"""QLoRA frozen-weight memory for the benchmark model: ours (NF4 + double quant) vs bf16, and bitsandbytes'
packed storage for the same weights as a cross-check. No training, so it is quick on CPU:
  PYTHONPATH=trainers/local .venv/bin/python bench/trainer/qlora_memory.py"""

import json

import torch

from bench import CFG, TARGETS, bf16_bytes, make_model, weight_bytes


def main():
    from worker.lora import inject_lora
    from worker.nf4 import NF4Weight

    model = make_model(torch.float32, "cpu")
    shapes = [
        m.weight.shape
        for n, m in model.named_modules()
        if isinstance(m, torch.nn.Linear) and n != "lm_head"
    ]
    inject_lora(model, 16, 32, 0.0, False, TARGETS, {"double_quant": True})
    nf4 = sum(m.nbytes() for m in model.modules() if isinstance(m, NF4Weight))
    import bitsandbytes.functional as BF

    bnb = 0
    for shape in shapes:  # bnb's storage: packed bytes + uint8 absmax + fp32 absmax2 + offset
        q, s = BF.quantize_4bit(
            torch.randn(shape), blocksize=64, quant_type="nf4", compress_statistics=True
        )
        bnb += q.numel() + s.absmax.numel() + s.state2.absmax.numel() * 4 + 4
    linear_params = sum(s.numel() for s in shapes)
    print(
        json.dumps(
            {
                "params_total": bf16_bytes() // 2,
                "quantized_linear_params": linear_params,
                "ours_nf4_linear_mib": nf4 / 2**20,
                "bnb_nf4_linear_mib": bnb / 2**20,
                "bits_per_param": nf4 * 8 / linear_params,
                "ours_all_frozen_weights_mib": weight_bytes(model) / 2**20,
                "bf16_all_weights_mib": bf16_bytes() / 2**20,
                "cfg": CFG,
            }
        )
    )


if __name__ == "__main__":
    main()
