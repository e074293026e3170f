#!/usr/bin/env bash
# README's first command: installs what is missing, builds the dashboard when a source changed,
# then scripts/demo.ts serves it and lets the server's job loop train the demo experiment while the
# terminal follows the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export TUNEBENCH_DEMO_STARTED_MS=$(($(date +%s%N) / 1000000))
bash scripts/setup.sh

dist=${TUNEBENCH_NEXT_DIST_DIR:-.next}
stale=$(find app server trainers evals drizzle next.config.ts -newer "$dist/BUILD_ID" -print -quit 2>/dev/null || echo yes)
if [[ ! -f "$dist/BUILD_ID" || -n "$stale" ]]; then
  echo "› building the dashboard (about a minute; npx tsc --noEmit checks types separately)"
  mkdir -p data
  TUNEBENCH_SKIP_TYPECHECK=1 npx next build > data/next-build.log 2>&1 || { tail -40 data/next-build.log; exit 1; }
fi

exec npx tsx scripts/demo.ts
