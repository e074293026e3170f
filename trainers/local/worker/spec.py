"""Train and generate specs: the JSON the TypeScript side writes, as dataclasses.

Every field is documented here and in README.md. Validation happens in __post_init__ so that a bad
spec fails before any model is loaded, with a message naming the field and what to change.

A run's method has two parts: `objective` (what the loss is: "sft" or "dpo") and `parameters` (which
weights train: "lora", "qlora" or "full"). `parameters` agrees with the older `lora` and `quantization`
keys: left out, it is "qlora" when `quantization` is set and "lora" otherwise; a contradiction (e.g.
"full" with a `lora` object) is refused.
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


OBJECTIVES = ("sft", "dpo")
PARAMETERS = ("lora", "qlora", "full")
DPO_LOSSES = ("sigmoid", "ipo")
LORA_DROPOUT = 0.05  # the SFT default; DPO defaults to 0 (see TrainSpec._resolve_lora)


@dataclass
class LoraSpec:
    r: int = 8  # adapter rank
    alpha: float = 16  # scaling numerator: alpha/r (or alpha/sqrt(r) with rsLoRA)
    dropout: float = LORA_DROPOUT  # dropout on the LoRA branch input only (PEFT semantics)
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
class DpoSpec:
    # strength of the pull towards the reference (TRL DPOConfig.beta; IPO's tau)
    beta: float = 0.1
    # "sigmoid": -log sigmoid(beta * margin) (DPO); "ipo": (length-normalised margin - 1/(2 beta))^2
    loss: str = "sigmoid"
    # conservative DPO (cDPO): the chance a preference label is wrong; sigmoid loss only
    label_smoothing: float = 0.0

    def __post_init__(self):
        _check(_is_num(self.beta) and self.beta > 0, f"dpo.beta must be > 0, got {self.beta!r}")
        _check(
            self.loss in DPO_LOSSES,
            f"dpo.loss must be one of {list(DPO_LOSSES)}, got {self.loss!r}",
        )
        _check(
            _is_num(self.label_smoothing) and 0 <= self.label_smoothing < 0.5,
            f"dpo.label_smoothing must be in [0, 0.5), got {self.label_smoothing!r}",
        )
        _check(
            self.loss == "sigmoid" or self.label_smoothing == 0,
            'dpo.label_smoothing applies to the "sigmoid" loss only; set it to 0 for "ipo"',
        )


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
    batch_size: int = 4  # sequences (SFT) or preference pairs (DPO) per micro-batch
    grad_accum: int = 1  # micro-batches per optimizer step
    warmup_steps: int = 0  # linear warmup, then cosine decay to 0
    weight_decay: float = 0.0  # AdamW decay of matrices and embeddings (not biases or norms)
    max_grad_norm: float | None = 1.0  # null disables clipping
    max_seq_len: int = 512
    packing: bool = False  # pack samples into max_seq_len rows, position ids reset per sample
    gradient_checkpointing: bool = False
    seed: int = 42
    eval_every: int | None = None  # steps between evaluations (needs eval_file)
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


def init_kind(path: str) -> str:
    """ "adapter" (a PEFT-layout LoRA folder) or "model" (a Hugging Face model folder)."""
    _check(isinstance(path, str) and path, "init_from must be a folder path or null")
    _check(os.path.isdir(path), f"init_from: folder not found: {path}")
    if os.path.isfile(os.path.join(path, "adapter_config.json")):
        return "adapter"
    if os.path.isfile(os.path.join(path, "config.json")) and any(
        n.endswith(".safetensors") for n in os.listdir(path)
    ):
        return "model"
    hint = [
        os.path.join(path, sub)
        for sub in ("adapter", "model")
        if os.path.isdir(os.path.join(path, sub))
    ]
    raise SpecError(
        f"init_from: {path} holds neither an adapter (adapter_config.json) nor a model (config.json "
        "and .safetensors weights)" + (f"; did you mean {hint[0]}?" if hint else "")
    )


@dataclass
class TrainSpec:
    # a local Hugging Face folder, a .gguf file, or a hub id in the local cache
    base_model: str
    # JSONL: chat lines for "sft" (data.py), OpenAI preference lines for "dpo" (preference.py)
    train_file: str
    eval_file: str | None = None
    # "sft" (cross-entropy on assistant tokens) or "dpo" (preference pairs)
    objective: str = "sft"
    # "lora", "qlora" or "full"; null: "qlora" when quantization is set, else "lora"
    parameters: str | None = None
    # null: defaults for LoRA/QLoRA (or the init_from adapter's shape); must be null for "full"
    lora: LoraSpec | None = None
    # null, or NF4 settings; "qlora" without it uses the QuantSpec defaults
    quantization: QuantSpec | None = None
    # null: defaults when objective is "dpo"; must be null for "sft"
    dpo: DpoSpec | None = None
    # an adapter folder or a Hugging Face model folder (e.g. an SFT run's DIR/adapter or DIR/model)
    # that becomes the starting policy and, for DPO, the reference
    init_from: str | None = None
    training: TrainingSpec = field(default_factory=TrainingSpec)
    # also write DIR/merged: fp32 merge into the (de-quantized) base, never re-quantized
    export_merged: bool = False
    # "auto" (CUDA with bf16 autocast when available, else CPU fp32), "cpu" or "cuda"
    device: str = "auto"

    def __post_init__(self):
        _check(
            isinstance(self.base_model, str) and self.base_model,
            "base_model must be a non-empty string",
        )
        _check(
            self.objective in OBJECTIVES,
            f"objective must be one of {list(OBJECTIVES)}, got {self.objective!r}",
        )
        if isinstance(self.quantization, dict):
            self.quantization = _build(QuantSpec, self.quantization, "quantization")
        if isinstance(self.training, dict) or self.training is None:
            self.training = _build(TrainingSpec, self.training or {}, "training")
        self._resolve_parameters()
        self._resolve_lora()
        self._resolve_dpo()
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
        _check(
            not (self.objective == "dpo" and t.packing),
            "training.packing is not supported with objective dpo (each pair is two padded rows)",
        )
        _check(isinstance(self.export_merged, bool), "export_merged must be true or false")
        _check(
            not (self.export_merged and self.parameters == "full"),
            'export_merged applies to LoRA/QLoRA runs; a "full" run\'s DIR/model is already a '
            "plain model folder",
        )
        _check_device(self.device, "")

    def _resolve_parameters(self) -> None:
        if self.parameters is None:
            self.parameters = "qlora" if self.quantization is not None else "lora"
        _check(
            self.parameters in PARAMETERS,
            f"parameters must be one of {list(PARAMETERS)} or null, got {self.parameters!r}",
        )
        if self.parameters == "qlora" and self.quantization is None:
            self.quantization = QuantSpec()
        _check(
            self.parameters == "qlora" or self.quantization is None,
            f'parameters is "{self.parameters}" but quantization is set; use parameters "qlora" '
            "for a quantized base, or set quantization to null",
        )
        if self.init_from is not None:
            init_kind(self.init_from)  # fails early on a path that is neither

    def _resolve_lora(self) -> None:
        if self.parameters == "full":
            _check(
                self.lora is None,
                'parameters is "full" but a lora object is given; set lora to null, or use '
                'parameters "lora"',
            )
            return
        data = self.lora if isinstance(self.lora, dict) else None
        if isinstance(self.lora, dict) or self.lora is None:
            given = dict(data or {})
            if self.objective == "dpo":
                given.setdefault("dropout", 0.0)
            if self.init_from is not None and init_kind(self.init_from) == "adapter":
                given = _lora_from_adapter(self.init_from, given)
            self.lora = _build(LoraSpec, given, "lora")
        _check(
            not (self.objective == "dpo" and self.lora.dropout > 0),
            "lora.dropout must be 0 with objective dpo: dropout makes the policy's log-probs noisy "
            f"against the reference (TRL disables it too); got {self.lora.dropout!r}",
        )

    def _resolve_dpo(self) -> None:
        if self.objective == "sft":
            _check(self.dpo is None, 'dpo settings are given but objective is "sft"')
            return
        if isinstance(self.dpo, dict) or self.dpo is None:
            self.dpo = _build(DpoSpec, self.dpo or {}, "dpo")

    def to_dict(self) -> dict:
        return asdict(self)


def _lora_from_adapter(path: str, given: dict) -> dict:
    """The LoRA shape comes from the init_from adapter; a lora key that says otherwise is refused."""
    cfg_path = os.path.join(path, "adapter_config.json")
    try:
        with open(cfg_path) as f:
            cfg = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise SpecError(f"init_from: cannot read {cfg_path}: {e}") from None
    _check(isinstance(cfg, dict), f"init_from: {cfg_path} is not a JSON object")
    targets = cfg.get("target_modules")
    _check(
        isinstance(targets, list) and targets,
        f"init_from: {cfg_path} must list its target_modules (a regex string is not supported)",
    )
    shape = {
        "r": cfg.get("r"),
        "alpha": cfg.get("lora_alpha"),
        "use_rslora": bool(cfg.get("use_rslora", False)),
    }
    for key, value in shape.items():
        _check(
            given.get(key, value) == value,
            f"lora.{key} is {given.get(key)!r} but the init_from adapter has {value!r}; "
            "leave it out (or null the lora object) to continue that adapter",
        )
    if given.get("target_modules") is not None:
        _check(
            sorted(given["target_modules"]) == sorted(targets),
            f"lora.target_modules {given['target_modules']} differ from the init_from adapter's "
            f"{targets}; leave them out to continue that adapter",
        )
    return {**given, **shape, "target_modules": sorted(targets)}


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
        if f.name in ("base_model", "train_file", "prompts_file", "samples_file")
        and f.name not in (data if isinstance(data, dict) else {})
    ]
    _check(not missing, f"spec {path}: missing required key(s) {missing}")
    return _build(cls, data, f"spec {path}")
