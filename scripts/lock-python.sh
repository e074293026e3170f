#!/usr/bin/env bash
# Re-locks the Python environments (run after editing a requirements.in).
set -euo pipefail
cd "$(dirname "$0")/.."
uv() { .venv/bin/uv "$@"; }
uv pip compile --python-version 3.11 --python-platform x86_64-manylinux_2_28 trainers/local/worker/requirements.in -o trainers/local/worker/requirements.lock
uv pip compile --python-version 3.11 --python-platform x86_64-manylinux_2_28 tests/requirements-dev.in -o tests/requirements-dev.lock
# The SageMaker SDK's own environment for tests/trainers/sagemaker/sdk/snapshot.sh (not installed by setup.sh).
uv pip compile --python-version 3.11 --python-platform x86_64-manylinux_2_28 tests/trainers/sagemaker/sdk/requirements.in -o tests/trainers/sagemaker/sdk/requirements.lock
