"""Tunebench's local LoRA / QLoRA trainer. Run as `python -m worker train|generate|locate-model`; see README.md."""
