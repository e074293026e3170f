#!/usr/bin/env bash
# Creates bench/vs-mlflow/.venv (git-ignored) with MLflow from requirements.lock (uv pip compile of
# requirements.in). Uses the uv of the project's dev environment (scripts/setup.sh --dev).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
uv="$root/.venv/bin/uv"
[ -x "$here/.venv/bin/python" ] || "$uv" venv --python "$root/.venv/bin/python" "$here/.venv"
"$uv" pip install --python "$here/.venv/bin/python" -r "$here/requirements.lock"
"$here/.venv/bin/mlflow" --version
