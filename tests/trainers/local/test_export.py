"""Merged export (worker/export.py): the merged/ folder is replaced whole or not at all.

Issue #12, finding 7: export_merged wrote into merged/ in place, so a crash half-way left a folder
that mixed a new model.safetensors with the old config and tokenizer, which loads as a broken
model. It now writes a sibling temporary folder and renames it over merged/, like adapters."""

import os

import pytest
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from worker.export import export_merged


def _export(model_dir, out):
    model = AutoModelForCausalLM.from_pretrained(model_dir)
    tok = AutoTokenizer.from_pretrained(model_dir)
    return export_merged(model, tok, out, torch.float32)


def _snapshot(folder):
    def read(name):
        with open(os.path.join(folder, name), "rb") as f:
            return f.read()

    return {n: read(n) for n in sorted(os.listdir(folder))}


def test_a_crash_half_way_leaves_the_previous_export_untouched(model_dirs, tmp_path, monkeypatch):
    out = str(tmp_path / "merged")
    _export(model_dirs["llama"], out)
    before = _snapshot(out)

    model = AutoModelForCausalLM.from_pretrained(model_dirs["qwen2"])  # different weights
    tok = AutoTokenizer.from_pretrained(model_dirs["qwen2"])

    def crash(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(tok, "save_pretrained", crash)  # the last step of the export
    with pytest.raises(OSError):
        export_merged(model, tok, out, torch.float32)
    assert _snapshot(out) == before


def test_an_export_replaces_the_folder_whole_and_leaves_no_temporary_folder(model_dirs, tmp_path):
    out = str(tmp_path / "merged")
    os.makedirs(out)
    with open(os.path.join(out, "stale.bin"), "wb") as f:
        f.write(b"from an older export")
    assert _export(model_dirs["llama"], out) == out
    names = set(os.listdir(out))
    assert "stale.bin" not in names and "model.safetensors" in names and "config.json" in names
    assert sorted(os.listdir(tmp_path)) == ["merged"]
    reloaded = AutoModelForCausalLM.from_pretrained(out)
    assert reloaded.config.model_type == "llama"
