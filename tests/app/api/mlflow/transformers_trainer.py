"""Trains the tiny test model with transformers.Trainer(report_to="mlflow") against Tunebench's
MLflow API, records what the Trainer handed to its loggers, reads the run back with MLflow's own
client, and prints both as JSON (tests/app/api/mlflow/mlflow-client.test.ts compares them).

    python transformers_trainer.py MODEL_DIR OUT_DIR
Environment: MLFLOW_TRACKING_URI, MLFLOW_TRACKING_TOKEN, MLFLOW_EXPERIMENT_NAME.
"""

import json
import sys

import mlflow
import torch
from mlflow.tracking import MlflowClient
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    Trainer,
    TrainerCallback,
    TrainingArguments,
)

MAX_PARAM_VAL_LENGTH = 6000  # what transformers' MLflowCallback drops params above


class Recorder(TrainerCallback):
    """Keeps every number the Trainer logs, by step, as MLflowCallback receives it."""

    def __init__(self) -> None:
        self.points: list[dict] = []

    def on_log(self, args, state, control, logs=None, **kwargs) -> None:  # noqa: ANN001, ANN003
        for key, value in (logs or {}).items():
            if isinstance(value, (int, float)):
                self.points.append({"key": key, "value": float(value), "step": state.global_step})


class Texts(torch.utils.data.Dataset):
    def __init__(self, tokenizer) -> None:  # noqa: ANN001
        texts = [f"2024-0{1 + i % 9}-1{i % 10} is a date" for i in range(16)]
        self.items = [tokenizer(t, truncation=True, max_length=32) for t in texts]

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> dict:
        ids = self.items[i]["input_ids"]
        return {"input_ids": ids, "labels": ids}


def main(model_dir: str, out_dir: str) -> None:
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir)
    args = TrainingArguments(
        output_dir=out_dir,
        max_steps=12,
        per_device_train_batch_size=1,
        learning_rate=1e-3,
        logging_steps=1,
        save_strategy="no",
        report_to=["mlflow"],
        run_name="transformers run",
        use_cpu=True,
        disable_tqdm=True,
    )
    recorder = Recorder()
    Trainer(model=model, args=args, train_dataset=Texts(tokenizer), callbacks=[recorder]).train()

    run = mlflow.last_active_run()
    client = MlflowClient()
    read = client.get_run(run.info.run_id)
    combined = {**model.config.to_dict(), **args.to_dict()}
    params = {k: str(v) for k, v in combined.items() if len(str(v)) <= MAX_PARAM_VAL_LENGTH}
    keys = sorted({p["key"] for p in recorder.points})
    history = {
        key: [
            {"key": m.key, "value": m.value, "step": m.step}
            for m in client.get_metric_history(run.info.run_id, key)
        ]
        for key in keys
    }
    print(
        json.dumps(
            {
                "run_id": run.info.run_id,
                "sent": {"params": params, "metrics": recorder.points},
                "read": {
                    "status": read.info.status,
                    "params": read.data.params,
                    "history": history,
                },
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
