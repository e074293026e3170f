"""NF4 + double quantization against bitsandbytes (reference only; the worker never imports it)."""

import bitsandbytes.functional as BF
import pytest
import torch
from torch import nn

from worker.lora import LoRALinear
from worker.nf4 import DYNAMIC_CODE, NF4_CODE, NF4Linear, NF4Weight, nf4_linear

# bitsandbytes' pure-torch "default" kernels (the CUDA kernels' nearest-value rounding). Its CPU backend replaces
# 8-bit quantize_blockwise with a C++ binary search (BinSearch Direct2) that is not always nearest; see test below.
_DEFAULT = torch._C.DispatchKeySet(torch._C.DispatchKey.CompositeExplicitAutograd)


def test_code_tables_are_exact():
    assert torch.equal(NF4_CODE, BF.get_4bit_type("nf4", device="cpu"))
    assert torch.equal(DYNAMIC_CODE, BF.create_dynamic_map(signed=True))
    assert NF4_CODE[7] == 0 and (NF4_CODE[1:] > NF4_CODE[:-1]).all()


def test_round_trip_error_matches_bnb_bound():
    torch.manual_seed(0)
    w = torch.randn(1024, 1024)
    err = (NF4Weight(w).dequantize() - w).abs()
    assert err.mean() < 0.0733  # bnb test_4bit_quant: 0.072798 + 7 * 0.000074
    assert (err / (w.abs() + 1e-8)).mean() < 0.2057
    assert err.mean() > 0.05  # it really is 4-bit


@pytest.mark.parametrize("shape,scale", [((256, 512), 0.02), ((64, 4096), 1.0), ((96, 200), 3.0)])
def test_bit_exact_against_bitsandbytes_cpu_4bit_path(shape, scale):
    torch.manual_seed(shape[0])
    w = torch.randn(shape) * scale
    ours = NF4Weight(w, double_quant=False)
    packed, state = BF.quantize_4bit(w, blocksize=64, quant_type="nf4", compress_statistics=False)
    assert ours.packed.shape == packed.shape and ours.packed.dtype == torch.uint8
    assert torch.equal(ours.packed, packed) and torch.equal(ours.absmax, state.absmax)
    assert torch.equal(ours.dequantize(), BF.dequantize_4bit(packed, state))
    assert torch.equal(
        ours.dequantize(torch.bfloat16), BF.dequantize_4bit(packed, state).bfloat16()
    )


def test_high_nibble_holds_the_even_element():
    w = torch.zeros(1, 64)
    w[0, 0], w[0, 1] = -1.0, 1.0  # codes 0 and 15
    assert NF4Weight(w, double_quant=False).packed[0, 0].item() == 0x0F


def test_double_quant_matches_bitsandbytes():
    torch.manual_seed(1)
    w = torch.randn(512, 1024) * 0.05
    ours = NF4Weight(w, double_quant=True)
    packed, state = BF.quantize_4bit(w, blocksize=64, quant_type="nf4", compress_statistics=True)
    assert torch.equal(ours.packed, packed) and torch.equal(ours.offset, state.offset)
    absmax = w.reshape(-1, 64).abs().max(1).values
    q_ref, a2_ref = torch.ops.bitsandbytes.quantize_blockwise.default.redispatch(
        _DEFAULT, absmax - absmax.mean(), DYNAMIC_CODE.clone(), 256
    )
    assert torch.equal(ours.absmax, q_ref) and torch.equal(ours.absmax2, a2_ref)
    assert torch.equal(ours.absmax2, state.state2.absmax)
    # bnb's CPU C++ 8-bit quantizer (approximate binary search) picks a neighbouring code for a few absmax values
    step = (ours.absmax.int() - state.absmax.int()).abs()
    assert step.max() <= 1 and (step > 0).float().mean() < 0.01
    # bnb reads our layout: its own dequantizer on our bytes gives our weights, bit for bit
    state.absmax, state.state2.absmax = ours.absmax.clone(), ours.absmax2.clone()
    assert torch.equal(BF.dequantize_4bit(ours.packed, state), ours.dequantize())


def test_double_quant_size_is_4_127_bits():
    w = torch.randn(4096, 4096)
    bits = NF4Weight(w).nbytes() * 8 / w.numel()
    assert abs(bits - 4.127) < 0.001
    assert abs(NF4Weight(w, double_quant=False).nbytes() * 8 / w.numel() - 4.5) < 0.001


def test_nf4_linear_forward_and_input_grad():
    torch.manual_seed(2)
    lin = nn.Linear(128, 64)
    nf4 = NF4Weight(lin.weight)
    x = torch.randn(3, 5, 128, requires_grad=True)
    y = nf4_linear(x, nf4, lin.bias)
    x2 = x.detach().clone().requires_grad_(True)
    y_ref = torch.nn.functional.linear(x2, nf4.dequantize(), lin.bias)
    torch.testing.assert_close(y, y_ref, atol=1e-5, rtol=1e-5)
    g = torch.randn_like(y)
    y.backward(g), y_ref.backward(g)
    torch.testing.assert_close(x.grad, x2.grad, atol=1e-5, rtol=1e-5)
    assert (
        y - lin(x)
    ).abs().mean() < 0.115  # against the original weights, bnb test_matmul_4bit bound


def _saved_bytes(fn):
    """Bytes autograd keeps for backward, counting each storage once."""
    seen = {}

    def pack(t):
        seen[t.untyped_storage().data_ptr()] = t.untyped_storage().nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        out = fn()
    return out, sum(seen.values())


def test_qlora_backward_keeps_no_dequantized_weights():
    torch.manual_seed(3)
    width, depth = 512, 6
    layers = nn.Sequential(
        *[
            LoRALinear(nn.Linear(width, width), r=4, alpha=8, quantize_base=True)
            for _ in range(depth)
        ]
    )
    x = torch.randn(2, width)
    out, saved = _saved_bytes(lambda: layers(x).sum())
    weight_bytes = depth * width * width * 4
    assert saved < weight_bytes / 20, (saved, weight_bytes)  # activations and LoRA factors only
    out.backward()
    assert all(m.lora_A.weight.grad is not None for m in layers)
    plain = nn.Sequential(*[nn.Linear(width, width) for _ in range(depth)])
    for p in plain.parameters():
        p.requires_grad_(False)
    x.requires_grad_(True)
    _, naive = _saved_bytes(
        lambda: torch.nn.functional.linear(x, NF4Weight(plain[0].weight).dequantize()).sum()
    )
    assert naive >= width * width * 4  # the check above would catch a plain-autograd dequantize


def test_nf4_linear_module_matches_dequantized_linear():
    lin = nn.Linear(64, 32)
    q = NF4Linear(lin)
    x = torch.randn(4, 64)
    torch.testing.assert_close(q(x), torch.nn.functional.linear(x, q.nf4.dequantize(), lin.bias))
