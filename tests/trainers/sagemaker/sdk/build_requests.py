"""Has the SageMaker Python SDK build the CreateTrainingJob request for each case in cases.json, as its
HuggingFace estimator sends it, and writes them as JSON ({case name: request}) to the file named by
its argument (not stdout: the SDK prints its config messages there).

No AWS: moto's in-process mock (mock_aws) plays S3 (the SDK uploads sourcedir.tar.gz there) and
SageMaker, and the request is taken from botocore's provide-client-params event, i.e. exactly the
parameters the SDK hands to `create_training_job`. A case marked torchDistributed is built with
distribution={"torch_distributed": {"enabled": True}}, the SDK's torchrun launch. Run it through
snapshot.sh, which makes the SDK's own environment.
"""

import json
import os
import re
import sys

os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")
for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
    os.environ[k] = "testing"  # moto's mock; never real credentials

import boto3  # noqa: E402
import sagemaker  # noqa: E402
from moto import mock_aws  # noqa: E402
from sagemaker.huggingface import HuggingFace  # noqa: E402
from sagemaker.inputs import TrainingInput  # noqa: E402
from sagemaker.telemetry import telemetry_logging  # noqa: E402

# The SDK reports usage to an AWS URL through `requests`, past moto; it is opted out below, and any
# such call is recorded here instead of sent, so the run can prove none happened.
telemetry_calls = []
telemetry_logging._requests_helper = lambda url, timeout: telemetry_calls.append(url)
NO_TELEMETRY = {
    "SchemaVersion": "1.0",
    "SageMaker": {"PythonSDK": {"Modules": {"TelemetryOptOut": True}}},
}

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))


def safe(run_id):
    return re.sub(r"[^a-zA-Z0-9._-]", "-", run_id)


def build(case, shared):
    c = case["config"]
    root = f"s3://{c['bucket']}/{c['prefix']}"
    job = f"tunebench-{case['runId']}"
    with mock_aws():
        session = boto3.Session(region_name=c["region"])
        session.client("s3").create_bucket(
            Bucket=c["bucket"],
            **(
                {}
                if c["region"] == "us-east-1"
                else {"CreateBucketConfiguration": {"LocationConstraint": c["region"]}}
            ),
        )
        captured = []
        session.events.register(
            "provide-client-params.sagemaker.CreateTrainingJob",
            lambda params, **_: captured.append(json.loads(json.dumps(params))),
        )
        tags = [{"Key": k, "Value": v} for k, v in c["tags"].items()]
        estimator = HuggingFace(
            # The worker package is the source directory; its SageMaker entry point runs it.
            entry_point="worker/sagemaker.py",
            source_dir=os.path.join(ROOT, "trainers", "local"),
            code_location=root,
            role=c["roleArn"],
            instance_type=c["instanceType"],
            instance_count=c["instanceCount"],
            volume_size=c["volumeSizeGb"],
            max_run=c["maxRuntimeSeconds"],
            transformers_version=c["image"]["transformers"],
            pytorch_version=c["image"]["pytorch"],
            py_version=c["image"]["py"],
            hyperparameters=shared["hyperParameters"],
            metric_definitions=shared["metricDefinitions"],
            output_path=f"{root}/jobs/",
            checkpoint_s3_uri=f"{root}/checkpoints/{safe(case['runId'])}/",
            checkpoint_local_path="/opt/ml/checkpoints",
            use_spot_instances=c["spot"]["enabled"],
            max_wait=c["spot"]["maxWaitSeconds"] if c["spot"]["enabled"] else None,
            environment=c["environment"] or None,
            tags=[*tags, {"Key": "tunebench:run-id", "Value": case["runId"]}],
            disable_profiler=True,
            debugger_hook_config=False,
            distribution={"torch_distributed": {"enabled": True}}
            if case["torchDistributed"]
            else None,
            sagemaker_session=sagemaker.Session(
                boto_session=session, default_bucket=c["bucket"], sagemaker_config=NO_TELEMETRY
            ),
        )
        channels = {"train": TrainingInput(f"{root}/{job}/data/train/")}
        if case["eval"]:
            channels["eval"] = TrainingInput(f"{root}/{job}/data/eval/")
        estimator.fit(channels, job_name=job, wait=False, logs=False)
    if len(captured) != 1:
        raise SystemExit(
            f"{case['name']}: expected one CreateTrainingJob call, saw {len(captured)}"
        )
    return captured[0]


def main():
    with open(os.path.join(HERE, "cases.json")) as f:
        shared = json.load(f)
    requests = {case["name"]: build(case, shared) for case in shared["cases"]}
    if telemetry_calls:
        raise SystemExit(f"the SDK tried to send telemetry: {telemetry_calls}")
    out = {
        "sdk": f"sagemaker {sagemaker.__version__}",
        "requests": requests,
    }
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
