#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatters and linters, types, unit + integration tests on
# PGlite, the integration tests again on PostgreSQL, the Python worker's tests, and the browser
# journeys in Chromium.
# PostgreSQL: uses TEST_DATABASE_URL when set, otherwise starts a throwaway server from Debian's
# postgresql binaries on a loopback port.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev || exit 1

# CI soaks the review queue longer: 50 reviewers racing for minutes, on each database.
[[ "${CI:-}" == "true" ]] && export REVIEW_SOAK_SECONDS=${REVIEW_SOAK_SECONDS:-150}

results=$(mktemp -d)
failed_steps=()
step() { # step NAME COMMAND... — runs one stage, remembers a failure and goes on
  local name=$1; shift
  echo; echo "━━ $name"
  "$@" || failed_steps+=("$name")
}

step "lint (Biome, ruff)" npm run --silent lint
step "typecheck" npx tsc --noEmit
step "vitest (PGlite)" npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest-pglite.json"

pg_dir=""
if [[ -z "${TEST_DATABASE_URL:-}" ]]; then
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
  if [[ -n "$initdb" ]]; then
    bin=$(dirname "$initdb"); pg_dir=$(mktemp -d); port=$((20000 + RANDOM % 20000))
    as_pg=(); [[ $(id -u) == 0 ]] && { chown postgres "$pg_dir"; as_pg=(runuser -u postgres --); }
    "${as_pg[@]}" "$bin/initdb" -D "$pg_dir/data" -U postgres -A trust >/dev/null &&
    "${as_pg[@]}" "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w start \
      -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null &&
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  fi
fi
if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  step "vitest (PostgreSQL)" npx vitest run tests/server tests/app/api tests/cli tests/security tests/drizzle --reporter=default --reporter=json --outputFile.json="$results/vitest-postgres.json"
elif [[ "${CI:-}" == "true" ]]; then
  failed_steps+=("PostgreSQL: no server (install Debian's postgresql)")
else
  echo "⚠ PostgreSQL not found: skipping the PostgreSQL run (apt-get install postgresql)"
fi

step "pytest (worker)" .venv/bin/python -m pytest tests/trainers -q --junitxml="$results/pytest.xml"
step "e2e (Chromium)" env E2E=1 npx vitest run tests/e2e --reporter=default --reporter=json --outputFile.json="$results/vitest-e2e.json"

if [[ -n "$pg_dir" ]]; then "${as_pg[@]}" "$bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null; rm -rf "$pg_dir"; fi

echo
node scripts/test-summary.mjs "$results"
if (( ${#failed_steps[@]} )); then printf 'failed: %s\n' "${failed_steps[@]}"; exit 1; fi
