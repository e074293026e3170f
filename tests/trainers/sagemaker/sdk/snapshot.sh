#!/usr/bin/env bash
# Rebuilds sdk-requests.json: the CreateTrainingJob requests the SageMaker Python SDK (pinned in
# requirements.lock) builds for cases.json, which sdk-parity.test.ts compares with ours.
#   bash tests/trainers/sagemaker/sdk/snapshot.sh          # rewrite sdk-requests.json
#   bash tests/trainers/sagemaker/sdk/snapshot.sh --check  # fail if it is out of date
# Rerun it after changing cases.json or the pinned SDK. The SDK lives in its own environment,
# .venv-sagemaker-sdk at the repo root (requirements.in says why), made here with the dev venv's uv.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
here=tests/trainers/sagemaker/sdk
venv=.venv-sagemaker-sdk
lock=$here/requirements.lock
stamp="$venv/.synced-$(sha256sum "$lock" | cut -c1-16)"
if [[ ! -f "$stamp" ]]; then
  [[ -x .venv/bin/uv ]] || { echo "needs .venv/bin/uv: run scripts/setup.sh --dev first" >&2; exit 1; }
  [[ -x $venv/bin/python ]] || .venv/bin/uv venv --quiet --python 3.11 "$venv"
  .venv/bin/uv pip sync --quiet --python "$venv/bin/python" "$lock"
  rm -f "$venv"/.synced-* && touch "$stamp"
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$venv/bin/python" "$here/build_requests.py" "$out" > /dev/null
chmod 644 "$out"
if [[ "${1:-}" == "--check" ]]; then
  diff -u "$here/sdk-requests.json" "$out" && echo "sdk-requests.json is what the SDK builds"
else
  mv "$out" "$here/sdk-requests.json" && trap - EXIT
  echo "wrote $here/sdk-requests.json"
fi
