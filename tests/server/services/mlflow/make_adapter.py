"""Writes a random (seeded) LoRA adapter for MODEL_DIR to OUT_DIR in the PEFT layout, as a run
trained elsewhere would leave it.

    python make_adapter.py MODEL_DIR OUT_DIR
"""

import sys

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

torch.manual_seed(0)
model = AutoModelForCausalLM.from_pretrained(sys.argv[1])
config = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
get_peft_model(model, config).save_pretrained(sys.argv[2])
