#!/usr/bin/env bash
# README's first command: installs what is missing, builds the dashboard, seeds the demo experiment
# and trains, evaluates and ranks it (progress on the terminal), then serves http://localhost:3000.
# PGlite serves one process at a time, so the demo's job loop finishes before the server starts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

stale=$(find app server trainers evals drizzle next.config.ts -newer .next/BUILD_ID -print -quit 2>/dev/null || echo yes)
if [[ ! -f .next/BUILD_ID || -n "$stale" ]]; then
  echo "› building the dashboard (about a minute)"
  mkdir -p data
  npx next build > data/next-build.log 2>&1 || { tail -40 data/next-build.log; exit 1; }
fi

npx tsx scripts/demo.ts
echo "› the dashboard is at http://localhost:3000 (Ctrl-C stops it)"
exec npx next start -H 127.0.0.1 -p 3000
