"""NF4 4-bit weights with double quantization, byte-for-byte in bitsandbytes' layout (QLoRA, arXiv 2305.14314).

Layout (bitsandbytes functional.quantize_4bit, backends/default/ops.py):
- the weight is flattened row-major and cut into blocks of 64; each block keeps an fp32 absmax;
- x / absmax is computed as x * (1 / absmax), clamped to [-1, 1] and rounded to the nearest of the 16 NF4
  values; a value exactly on a midpoint goes to the lower code (bucketize, right=False);
- two codes per byte, the even element in the high nibble;
- double quantization: absmax minus its mean, then 8-bit blockwise (blocks of 256) with the signed dynamic map.
Dequantization multiplies the code by its block absmax in fp32 and casts once to the compute dtype.
"""

import torch
import torch.nn.functional as F
from torch import nn

NF4_CODE = torch.tensor(
    [
        -1.0,
        -0.6961928009986877,
        -0.5250730514526367,
        -0.39491748809814453,
        -0.28444138169288635,
        -0.18477343022823334,
        -0.09105003625154495,
        0.0,
        0.07958029955625534,
        0.16093020141124725,
        0.24611230194568634,
        0.33791524171829224,
        0.44070982933044434,
        0.5626170039176941,
        0.7229568362236023,
        1.0,
    ],
    dtype=torch.float32,
)


def dynamic_map(max_exponent_bits: int = 7, total_bits: int = 8) -> torch.Tensor:
    """bitsandbytes create_dynamic_map(signed=True): the 8-bit "dynamic tree" code used for the absmax."""
    data = []
    non_sign_bits = total_bits - 1
    additional_items = 2 ** (non_sign_bits - max_exponent_bits) - 1
    for i in range(max_exponent_bits):
        fraction_items = int(2 ** (i + non_sign_bits - max_exponent_bits) + 1)
        boundaries = torch.linspace(0.1, 1, fraction_items, dtype=torch.float32)
        means = (boundaries[:-1] + boundaries[1:]) / 2.0
        data += ((10 ** (-(max_exponent_bits - 1) + i)) * means).tolist()
        data += (-(10 ** (-(max_exponent_bits - 1) + i)) * means).tolist()
    if additional_items > 0:  # unused for the 8-bit signed map, kept for fidelity
        boundaries = torch.linspace(0.1, 1, additional_items + 1, dtype=torch.float32)
        means = (boundaries[:-1] + boundaries[1:]) / 2.0
        data += ((10 ** (-(max_exponent_bits - 1) + i)) * means).tolist()
        data += (-(10 ** (-(max_exponent_bits - 1) + i)) * means).tolist()
    data += [0, 1.0]
    data += [0] * (2**total_bits - len(data))
    data.sort()
    return torch.tensor(data, dtype=torch.float32)


DYNAMIC_CODE = dynamic_map()


def quantize_blockwise(
    x: torch.Tensor, code: torch.Tensor, blocksize: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Returns (indices into `code` as uint8, fp32 absmax per block). The tail block may be short."""
    flat = x.reshape(-1).float()
    n = flat.numel()
    pad = (-n) % blocksize
    blocks = F.pad(flat, (0, pad)).view(-1, blocksize)  # zero padding leaves every absmax unchanged
    absmax = blocks.abs().max(dim=1).values
    scaled = torch.clamp(blocks * (1.0 / absmax.clamp(min=1e-38)).unsqueeze(1), -1, 1).view(-1)[:n]
    code = code.to(flat.device)
    q = torch.bucketize(scaled, (code[:-1] + code[1:]) / 2, out_int32=True).to(torch.uint8)
    return q, absmax


def dequantize_blockwise(
    q: torch.Tensor, absmax: torch.Tensor, code: torch.Tensor, blocksize: int
) -> torch.Tensor:
    n = q.numel()
    vals = code[q.reshape(-1).long()]
    vals = F.pad(vals, (0, (-n) % blocksize)).view(-1, blocksize) * absmax.unsqueeze(1)
    return vals.view(-1)[:n]


class NF4Weight(nn.Module):
    """A frozen weight stored as packed NF4 (+ double-quantized absmax). Holds no full-precision copy."""

    def __init__(
        self, weight: torch.Tensor, blocksize: int = 64, double_quant: bool = True
    ) -> None:
        super().__init__()
        assert blocksize % 2 == 0
        self.shape, self.blocksize, self.double_quant = tuple(weight.shape), blocksize, double_quant
        q, absmax = quantize_blockwise(weight.detach(), NF4_CODE, blocksize)
        if q.numel() % 2:
            q = F.pad(q, (0, 1))
        # [(n+1)//2, 1] uint8
        self.register_buffer("packed", ((q[0::2] << 4) | q[1::2]).unsqueeze(1))
        if double_quant:
            offset = absmax.mean()
            qabsmax, absmax2 = quantize_blockwise(absmax - offset, DYNAMIC_CODE, 256)
            self.register_buffer("absmax", qabsmax)  # uint8
            self.register_buffer("absmax2", absmax2)  # fp32, one per 256 blocks
            self.register_buffer("offset", offset)  # fp32 scalar
        else:
            self.register_buffer("absmax", absmax)
        # byte -> (high code, low code): one gather decodes both nibbles
        b = torch.arange(256)
        lut = torch.stack([NF4_CODE[b >> 4], NF4_CODE[b & 0xF]], 1).to(weight.device)
        self.register_buffer("lut", lut, persistent=False)
        # kept on the weight's device: a per-call host-to-device copy would be a sync point on CUDA
        self.register_buffer("code8", DYNAMIC_CODE.to(weight.device), persistent=False)

    def block_absmax(self) -> torch.Tensor:
        if not self.double_quant:
            return self.absmax
        return dequantize_blockwise(self.absmax, self.absmax2, self.code8, 256) + self.offset

    def dequantize(self, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        n = self.shape[0] * self.shape[1]
        vals = F.embedding(self.packed.view(-1).int(), self.lut).view(-1)[:n]
        vals = F.pad(vals, (0, (-n) % self.blocksize)).view(
            -1, self.blocksize
        ) * self.block_absmax().unsqueeze(1)
        return vals.view(-1)[:n].view(self.shape).to(dtype)

    def nbytes(self) -> int:
        return sum(
            b.numel() * b.element_size()
            for name, b in self.named_buffers()
            if name not in ("lut", "code8")
        )


def compute_dtype(x: torch.Tensor) -> torch.dtype:
    dev = x.device.type
    return torch.get_autocast_dtype(dev) if torch.is_autocast_enabled(dev) else x.dtype


class _NF4Matmul(torch.autograd.Function):
    """y = x @ dequant(W)^T + b. Saves nothing for backward: dequantizes again there, as bitsandbytes'
    MatMul4Bit does, so no full-precision copy of W outlives the op. W and b are frozen: no grads."""

    @staticmethod
    def forward(
        ctx: torch.autograd.function.FunctionCtx,
        x: torch.Tensor,
        nf4: NF4Weight,
        bias: torch.Tensor | None,
    ) -> torch.Tensor:
        dt = compute_dtype(x)
        ctx.nf4, ctx.dt, ctx.x_dtype = nf4, dt, x.dtype
        w = nf4.dequantize(dt)
        return F.linear(x.to(dt), w, None if bias is None else bias.to(dt))

    @staticmethod
    def backward(
        ctx: torch.autograd.function.FunctionCtx, grad_out: torch.Tensor
    ) -> tuple[torch.Tensor, None, None]:
        w = ctx.nf4.dequantize(ctx.dt)
        return (grad_out.to(ctx.dt) @ w).to(ctx.x_dtype), None, None


def nf4_linear(x: torch.Tensor, nf4: NF4Weight, bias: torch.Tensor | None = None) -> torch.Tensor:
    return _NF4Matmul.apply(x, nf4, bias)


class NF4Linear(nn.Module):
    """A frozen Linear whose weight is NF4; used for quantized layers that carry no adapter."""

    def __init__(self, linear: nn.Linear, double_quant: bool = True) -> None:
        super().__init__()
        self.in_features, self.out_features = linear.in_features, linear.out_features
        self.nf4 = NF4Weight(linear.weight, double_quant=double_quant)
        self.bias = (
            None if linear.bias is None else nn.Parameter(linear.bias.detach(), requires_grad=False)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return nf4_linear(x, self.nf4, self.bias)
