"""Train and generate specs: the JSON the TypeScript side writes, as dataclasses.

Every field is documented here and in README.md. Validation happens in __post_init__ so that a bad
spec fails before any model is loaded, with a message naming the field and what to change.
"""

import json
import os
from dataclasses import asdict, dataclass, field, fields
from typing import TypeVar

T = TypeVar("T")


class SpecError(ValueError):
    """A spec a person has to fix; the message says where and how."""


def _build(cls: type[T], data: object, where: str) -> T:
    if not isinstance(data, dict):
        raise SpecError(f"{where}: expected a JSON object, got {type(data).__name__}")
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SpecError(f"{where}: unknown key(s) {unknown}; allowed keys are {sorted(known)}")
    return cls(**data)


def _check(cond: object, msg: str) -> None:
    if not cond:
        raise SpecError(msg)


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


@dataclass
class LoraSpec:
    r: int = 8  # adapter rank
    alpha: float = 16  # scaling numerator: alpha/r (or alpha/sqrt(r) with rsLoRA)
    dropout: float = 0.05  # dropout on the LoRA branch input only (PEFT semantics)
    # leaf names (q_proj, ...); None = every Linear except the output head
    target_modules: list | None = None
    use_rslora: bool = False  # scaling alpha/sqrt(r), arXiv 2312.03732

    def __post_init__(self):
        _check(_is_int(self.r) and self.r > 0, f"lora.r must be a positive integer, got {self.r!r}")
        _check(
            _is_num(self.alpha) and self.alpha > 0,
            f"lora.alpha must be a positive number, got {self.alpha!r}",
        )
        _check(
            _is_num(self.dropout) and 0 <= self.dropout < 1,
            f"lora.dropout must be in [0, 1), got {self.dropout!r}",
        )
        if self.target_modules is not None:
            _check(
                isinstance(self.target_modules, list)
                and self.target_modules
                and all(isinstance(t, str) and t for t in self.target_modules),
                f"lora.target_modules must be null or a non-empty list of module names, got {self.target_modules!r}",
            )
        _check(isinstance(self.use_rslora, bool), "lora.use_rslora must be true or false")


@dataclass
class QuantSpec:
    type: str = "nf4"  # only NF4 (QLoRA, arXiv 2305.14314)
    double_quant: bool = True  # 8-bit quantized absmax, ~4.127 bits/param instead of 4.5

    def __post_init__(self):
        _check(self.type == "nf4", f'quantization.type must be "nf4", got {self.type!r}')
        _check(
            isinstance(self.double_quant, bool), "quantization.double_quant must be true or false"
        )


@dataclass
class TrainingSpec:
    epochs: int = 1
    max_steps: int | None = None  # optimizer steps; overrides epochs when set
    learning_rate: float = 2e-4
    batch_size: int = 4  # sequences per micro-batch
    grad_accum: int = 1  # micro-batches per optimizer step
    warmup_steps: int = 0  # linear warmup, then cosine decay to 0
    weight_decay: float = 0.0
    max_grad_norm: float | None = 1.0  # null disables clipping
    max_seq_len: int = 512
    packing: bool = False  # pack samples into max_seq_len rows, position ids reset per sample
    gradient_checkpointing: bool = False
    seed: int = 42
    eval_every: int | None = None  # steps between eval-loss passes (needs eval_file)
    save_every: int | None = None  # steps between resumable checkpoints
    # evals without improvement before stopping; keeps the best
    early_stopping_patience: int | None = None
    log_every: int = 1  # steps between progress/metric events

    def __post_init__(self):
        for name in ("epochs", "batch_size", "grad_accum", "max_seq_len", "log_every"):
            v = getattr(self, name)
            _check(_is_int(v) and v > 0, f"training.{name} must be a positive integer, got {v!r}")
        for name in ("max_steps", "eval_every", "save_every", "early_stopping_patience"):
            v = getattr(self, name)
            _check(
                v is None or (_is_int(v) and v > 0),
                f"training.{name} must be null or a positive integer, got {v!r}",
            )
        _check(
            _is_int(self.warmup_steps) and self.warmup_steps >= 0,
            "training.warmup_steps must be an integer >= 0",
        )
        _check(_is_int(self.seed), f"training.seed must be an integer, got {self.seed!r}")
        _check(
            _is_num(self.learning_rate) and self.learning_rate > 0,
            "training.learning_rate must be > 0",
        )
        _check(
            _is_num(self.weight_decay) and self.weight_decay >= 0,
            "training.weight_decay must be >= 0",
        )
        _check(
            self.max_grad_norm is None or (_is_num(self.max_grad_norm) and self.max_grad_norm > 0),
            "training.max_grad_norm must be null or > 0",
        )
        for name in ("packing", "gradient_checkpointing"):
            _check(isinstance(getattr(self, name), bool), f"training.{name} must be true or false")


def _check_device(device: object, where: str) -> None:
    _check(
        device in ("auto", "cpu", "cuda"),
        f'{where}device must be "auto", "cpu" or "cuda", got {device!r}',
    )


def _check_file(path: object, what: str) -> None:
    _check(isinstance(path, str) and path, f"{what} must be a file path")
    _check(os.path.isfile(path), f"{what}: file not found: {path}")


@dataclass
class TrainSpec:
    base_model: str
    train_file: str
    eval_file: str | None = None
    lora: LoraSpec = field(default_factory=LoraSpec)
    quantization: QuantSpec | None = None
    training: TrainingSpec = field(default_factory=TrainingSpec)
    # also write DIR/merged: fp32 merge into the (de-quantized) base, never re-quantized
    export_merged: bool = False
    device: str = "auto"

    def __post_init__(self):
        _check(
            isinstance(self.base_model, str) and self.base_model,
            "base_model must be a non-empty string",
        )
        if isinstance(self.lora, dict) or self.lora is None:
            self.lora = _build(LoraSpec, self.lora or {}, "lora")
        if isinstance(self.quantization, dict):
            self.quantization = _build(QuantSpec, self.quantization, "quantization")
        if isinstance(self.training, dict) or self.training is None:
            self.training = _build(TrainingSpec, self.training or {}, "training")
        _check_file(self.train_file, "train_file")
        if self.eval_file is not None:
            _check_file(self.eval_file, "eval_file")
        t = self.training
        _check(
            self.eval_file is not None
            or (t.eval_every is None and t.early_stopping_patience is None),
            "training.eval_every / early_stopping_patience need an eval_file",
        )
        _check(
            t.early_stopping_patience is None or t.eval_every is not None,
            "training.early_stopping_patience needs training.eval_every",
        )
        _check(isinstance(self.export_merged, bool), "export_merged must be true or false")
        _check_device(self.device, "")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class GenerateSpec:
    base_model: str
    prompts_file: str
    adapter: str | None = None
    max_new_tokens: int = 64
    temperature: float = 0.0  # 0 = greedy
    top_p: float = 1.0
    stop: list = field(default_factory=list)  # output is cut before the first stop string
    batch_size: int = 8
    seed: int = 0
    device: str = "auto"
    # extension: fold the adapter into the base weights before generating
    merge_adapter: bool = False

    def __post_init__(self):
        _check(
            isinstance(self.base_model, str) and self.base_model,
            "base_model must be a non-empty string",
        )
        _check_file(self.prompts_file, "prompts_file")
        if self.adapter is not None:
            _check(
                os.path.isfile(os.path.join(self.adapter, "adapter_config.json")),
                f"adapter: no adapter_config.json in {self.adapter}",
            )
        _check(
            _is_int(self.max_new_tokens) and self.max_new_tokens > 0,
            "max_new_tokens must be a positive integer",
        )
        _check(_is_num(self.temperature) and self.temperature >= 0, "temperature must be >= 0")
        _check(_is_num(self.top_p) and 0 < self.top_p <= 1, "top_p must be in (0, 1]")
        _check(
            isinstance(self.stop, list) and all(isinstance(s, str) and s for s in self.stop),
            "stop must be a list of non-empty strings",
        )
        _check(
            _is_int(self.batch_size) and self.batch_size > 0,
            "batch_size must be a positive integer",
        )
        _check(_is_int(self.seed), "seed must be an integer")
        _check(isinstance(self.merge_adapter, bool), "merge_adapter must be true or false")
        _check_device(self.device, "")


def load_spec(path: str, cls: type[T]) -> T:
    try:
        with open(path) as f:
            data = json.load(f)
    except FileNotFoundError:
        raise SpecError(f"spec file not found: {path}") from None
    except json.JSONDecodeError as e:
        raise SpecError(f"spec {path} is not valid JSON: {e}") from None
    missing = [
        f.name
        for f in fields(cls)
        if f.name in ("base_model", "train_file", "prompts_file")
        and f.name not in (data if isinstance(data, dict) else {})
    ]
    _check(not missing, f"spec {path}: missing required key(s) {missing}")
    return _build(cls, data, f"spec {path}")
