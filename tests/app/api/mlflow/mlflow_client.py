"""Logs a run to Tunebench with MLflow's own client, reads it back with the same client, and prints
both as JSON, so tests/app/api/mlflow/mlflow-client.test.ts compares what was sent with what arrived.

Environment: MLFLOW_TRACKING_URI (Tunebench's /api/mlflow) and MLFLOW_TRACKING_TOKEN (an API token).
"""

import json
import math

import mlflow
from mlflow.entities import Metric
from mlflow.tracking import MlflowClient

STEPS = 1203  # over 1000 points per key: the client splits log_batch into several requests

mlflow.set_experiment("mlflow client test")
params = {"learning_rate": "0.0002", "lora_r": "8", "model": "org/model name", "note": "x" * 6000}
tags = {"team": "evals", "dataset/version": "v3", "empty": ""}
with mlflow.start_run(run_name="client run") as run:
    mlflow.log_params(params)
    mlflow.log_param("lora_r", "8")  # the same value again is idempotent
    mlflow.set_tags(tags)
    mlflow.set_tag("team", "evals-2")  # tags overwrite
    tags["team"] = "evals-2"
    sent = []
    for step in range(STEPS):
        metrics = {
            "loss": 2.0 * math.exp(-step / 300) + 1e-3 * (step % 7),
            "lr": 2e-4 * (1 - step / STEPS),
        }
        sent += [{"key": k, "value": v, "step": step} for k, v in metrics.items()]
    client = MlflowClient()
    batch = [Metric(m["key"], m["value"], 1_700_000_000_000 + m["step"], m["step"]) for m in sent]
    client.log_batch(run.info.run_id, metrics=batch)
    mlflow.log_metric("single", 0.5, step=7)
    sent.append({"key": "single", "value": 0.5, "step": 7})
    # Values that are not finite, as MLflow's client sends them (protobuf JSON strings).
    for step, value in enumerate([math.nan, math.inf, -math.inf, 1.0]):
        mlflow.log_metric("odd", value, step=step)
    # Several values at one step are all kept; an exact repeat (same value, timestamp and step),
    # in the same request or another, is kept once.
    t0 = 1_700_000_000_000
    repeat = [Metric("repeat", 1.0, t0, 5), Metric("repeat", 2.0, t0 + 1, 5)]
    client.log_batch(run.info.run_id, metrics=[*repeat, repeat[0]])
    client.log_batch(run.info.run_id, metrics=[repeat[0]])
    try:
        mlflow.log_param("lora_r", "16")
        changed_param_error = None
    except mlflow.exceptions.MlflowException as e:
        changed_param_error = e.error_code

read = client.get_run(run.info.run_id)
history = {
    key: [
        {"key": m.key, "value": m.value, "step": m.step}
        for m in client.get_metric_history(run.info.run_id, key)
    ]
    for key in ("loss", "lr", "single")
}


def as_json(value: float) -> float | str:
    """NaN and infinities as text: JSON has no literal for them."""
    return value if math.isfinite(value) else str(value)


logged = {
    key: [
        {"value": as_json(m.value), "timestamp": m.timestamp, "step": m.step}
        for m in client.get_metric_history(run.info.run_id, key)
    ]
    for key in ("odd", "repeat")
}


def order_test() -> dict:
    """Five runs with a metric (one NaN, one missing) and a param; names in each searched order."""
    experiment_id = mlflow.create_experiment("order test")
    rows = [("a", 0.5, "0.1"), ("b", math.nan, "0.2"), ("c", None, "0.1"), ("d", 0.2, "0.3")]
    rows.append(("e", 0.9, "0.2"))
    for i, (name, loss, lr) in enumerate(rows):
        r = client.create_run(experiment_id, start_time=1_700_000_000_000 + i, run_name=name)
        client.log_param(r.info.run_id, "lr", lr)
        if loss is not None:
            client.log_metric(r.info.run_id, "loss", loss, step=0)

    def names(order_by: list[str]) -> list[str]:
        return [r.info.run_name for r in client.search_runs([experiment_id], order_by=order_by)]

    paged, token = [], None
    while True:
        page = client.search_runs(
            [experiment_id], order_by=["metrics.loss DESC"], max_results=2, page_token=token
        )
        paged += [r.info.run_name for r in page]
        token = page.token
        if not token:
            break
    refused = {}
    for clause in ("metrics.loss sideways", "attributes.bogus", "datasets.name"):
        try:
            names([clause])
        except mlflow.exceptions.MlflowException as e:
            refused[clause] = [e.error_code, e.message]
    orders = ["metrics.loss DESC", "metrics.loss", "params.lr DESC,attributes.run_name", "created"]
    return {
        "default": names([]),
        **{o: names(o.split(",")) for o in orders},
        "paged": paged,
        "refused": refused,
    }


found = client.search_runs([run.info.experiment_id], filter_string="tags.team = 'evals-2'")
print(
    json.dumps(
        {
            "run_id": run.info.run_id,
            "experiment_id": run.info.experiment_id,
            "sent": {"params": params, "tags": tags, "metrics": sent},
            "changed_param_error": changed_param_error,
            "read": {
                "status": read.info.status,
                "run_name": read.info.run_name,
                "params": read.data.params,
                "tags": {k: v for k, v in read.data.tags.items() if not k.startswith("mlflow.")},
                "latest": {k: as_json(v) for k, v in read.data.metrics.items()},
                "history": history,
                "logged": logged,
            },
            "search": [r.info.run_id for r in found],
            "order": order_test(),
            "by_name": mlflow.get_experiment_by_name("mlflow client test").experiment_id,
            "missing": mlflow.get_experiment_by_name("no such experiment"),
        }
    )
)
