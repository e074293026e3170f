"""Trains a tiny LightningModule for a few steps with Lightning's MLFlowLogger pointed at Tunebench's
MLflow API, records what Lightning handed the logger, reads the run back with MLflow's own client,
and prints both as JSON (tests/app/api/mlflow/mlflow-client.test.ts compares them).

Environment: MLFLOW_TRACKING_URI, MLFLOW_TRACKING_TOKEN.
"""

import json
import os

import lightning.pytorch as pl
import torch
from lightning.pytorch.loggers import MLFlowLogger
from mlflow.tracking import MlflowClient


class RecordingLogger(MLFlowLogger):
    """MLFlowLogger that also keeps every metric it is given, as it logs it."""

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.points: list[dict] = []

    def log_metrics(self, metrics, step=None) -> None:  # noqa: ANN001
        self.points += [
            {"key": k, "value": float(v), "step": step or 0} for k, v in metrics.items()
        ]
        super().log_metrics(metrics, step)


class Tiny(pl.LightningModule):
    def __init__(self, lr: float = 0.05, hidden: int = 4, note: str = "tiny regression") -> None:
        super().__init__()
        self.save_hyperparameters()
        self.net = torch.nn.Sequential(torch.nn.Linear(3, hidden), torch.nn.Tanh())
        self.out = torch.nn.Linear(hidden, 1)

    def training_step(self, batch, batch_idx):  # noqa: ANN001, ANN201
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.out(self.net(x)), y)
        self.log("train_loss", loss)
        self.log("weight_norm", self.out.weight.norm())
        return loss

    def configure_optimizers(self):  # noqa: ANN201
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


def main() -> None:
    torch.manual_seed(0)
    x = torch.randn(24, 3)
    data = torch.utils.data.TensorDataset(x, x.sum(dim=1, keepdim=True))
    logger = RecordingLogger(
        experiment_name="lightning",
        run_name="lightning run",
        tracking_uri=os.environ["MLFLOW_TRACKING_URI"],
    )
    trainer = pl.Trainer(
        max_steps=8,
        logger=logger,
        log_every_n_steps=1,
        accelerator="cpu",
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    trainer.fit(Tiny(), torch.utils.data.DataLoader(data, batch_size=4))

    client = MlflowClient()
    read = client.get_run(logger.run_id)
    keys = sorted({p["key"] for p in logger.points})
    history = {
        key: [
            {"key": m.key, "value": m.value, "step": m.step}
            for m in client.get_metric_history(logger.run_id, key)
        ]
        for key in keys
    }
    print(
        json.dumps(
            {
                "run_id": logger.run_id,
                "sent": {"params": {"lr": "0.05", "hidden": "4", "note": "tiny regression"}},
                "logged": logger.points,
                "read": {
                    "status": read.info.status,
                    "params": read.data.params,
                    "history": history,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
