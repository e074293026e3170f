#!/usr/bin/env bash
# A stand-in for `python -m worker ...` that speaks the worker's stdout protocol without torch, so
# the local backend's process handling (reattach, resume, cancel) is tested in seconds.
# Usage as TUNEBENCH_PYTHON: fake-python.sh -m worker train --spec S --out DIR [--resume]
set -u
cmd=$3; shift 3
spec=""; out=""; resume=0
while [ $# -gt 0 ]; do
  case $1 in --spec) spec=$2; shift 2;; --out) out=$2; shift 2;; --resume) resume=1; shift;; *) shift;; esac
done
now() { date +%s.%N; }
total=${FAKE_TOTAL_STEPS:-20}
if [ "$cmd" = train ]; then
  start=0
  if [ $resume = 1 ] && [ -f "$out/ckpt" ]; then start=$(cat "$out/ckpt"); fi
  echo "fake worker: training from step $start" >&2
  echo "{\"type\":\"started\",\"time\":$(now),\"device\":\"cpu\",\"total_steps\":$total,\"resumed_from_step\":$start}"
  step=$start
  trap 'echo "{\"type\":\"cancelled\",\"time\":$(now),\"step\":$step,\"checkpoint\":\"$out/ckpt\"}"; exit 0' TERM
  while [ $step -lt $total ]; do
    sleep "${FAKE_STEP_S:-0.05}"
    step=$((step + 1))
    echo "{\"type\":\"progress\",\"time\":$(now),\"step\":$step,\"total_steps\":$total,\"epoch\":1,\"tokens_seen\":$((step * 10)),\"tokens_per_s\":100,\"eta_s\":1,\"peak_mem_bytes\":1}"
    echo "{\"type\":\"metric\",\"time\":$(now),\"step\":$step,\"name\":\"train/loss\",\"value\":$((100 - step))}"
    echo $step > "$out/ckpt"
  done
  mkdir -p "$out/adapter"
  echo "{\"type\":\"completed\",\"time\":$(now),\"step\":$total,\"adapter_path\":\"$out/adapter\",\"best_step\":null}"
elif [ "$cmd" = generate ]; then
  prompts=$(sed -n 's/.*"prompts_file": *"\([^"]*\)".*/\1/p' "$spec")
  : > "$out"
  n=0
  while IFS= read -r line; do
    id=$(echo "$line" | sed -n 's/.*"id": *"\([^"]*\)".*/\1/p')
    echo "{\"id\":\"$id\",\"output\":\"out-$id\"}" >> "$out"; n=$((n + 1))
  done < "$prompts"
  echo "{\"type\":\"completed\",\"time\":$(now),\"count\":$n}"
fi
