#!/usr/bin/env bash
# A stand-in for `python -m worker ...` that speaks the worker's stdout protocol without torch, so
# the local backend's process handling (reattach, resume, cancel) is tested in seconds.
# Usage as TUNEBENCH_PYTHON: fake-python.sh -m worker train --spec S --out DIR [--resume]
#   or, for a run on several GPUs: fake-python.sh -m torch.distributed.run --standalone
#   --nproc-per-node N -m worker train ... (one fake process stands for every rank).
# FAKE_GPUS: the JSON list `-m worker devices` prints (default: none). FAKE_CRASH=1: train dies
# after two steps without a terminal event. Each train start appends its launcher, process count
# and CUDA_VISIBLE_DEVICES to DIR/launches.txt; under torchrun a stand-in for rank 1 runs beside it
# (its pid in DIR/rank.pid).
set -u
launcher=python; nproc=1
if [ "$2" = torch.distributed.run ]; then
  launcher=torchrun; shift 2
  while [ "$1" != -m ]; do
    case $1 in --nproc-per-node) nproc=$2; shift 2;; *) shift;; esac
  done
fi
cmd=$3; shift 3
if [ "$cmd" = devices ]; then
  echo "{\"type\": \"devices\", \"devices\": ${FAKE_GPUS:-[]}}"
  exit 0
fi
spec=""; out=""; resume=0
while [ $# -gt 0 ]; do
  case $1 in --spec) spec=$2; shift 2;; --out) out=$2; shift 2;; --resume) resume=1; shift;; *) shift;; esac
done
now() { date +%s.%N; }
total=${FAKE_TOTAL_STEPS:-20}
if [ "$cmd" = train ]; then
  start=0
  if [ $resume = 1 ] && [ -f "$out/ckpt" ]; then start=$(cat "$out/ckpt"); fi
  echo "launcher=$launcher nproc=$nproc cuda=${CUDA_VISIBLE_DEVICES-unset}" >> "$out/launches.txt"
  if [ $launcher = torchrun ]; then
    # A second rank: a process in the launcher's group that outlives a kill -9 of the launcher.
    bash -c 'while :; do sleep 0.2; done' "fake-rank $out" &
    echo $! > "$out/rank.pid"
    trap 'kill $(cat "$out/rank.pid") 2>/dev/null' EXIT
  fi
  echo "fake worker: training from step $start" >&2
  echo "{\"type\":\"started\",\"time\":$(now),\"device\":\"cpu\",\"total_steps\":$total,\"resumed_from_step\":$start}"
  step=$start
  trap 'echo "{\"type\":\"cancelled\",\"time\":$(now),\"step\":$step,\"checkpoint\":\"$out/ckpt\"}"; exit 0' TERM
  while [ $step -lt $total ]; do
    sleep "${FAKE_STEP_S:-0.05}"
    step=$((step + 1))
    echo "{\"type\":\"progress\",\"time\":$(now),\"step\":$step,\"total_steps\":$total,\"epoch\":1,\"tokens_seen\":$((step * 10)),\"tokens_per_s\":100,\"eta_s\":1,\"peak_mem_bytes\":1}"
    echo "{\"type\":\"metric\",\"time\":$(now),\"step\":$step,\"name\":\"train/loss\",\"value\":$((100 - step))}"
    echo $step > "$out/ckpt.tmp" && mv "$out/ckpt.tmp" "$out/ckpt" # a kill -9 leaves the old one whole
    if [ "${FAKE_CRASH:-0}" = 1 ] && [ $step -ge $((start + 2)) ]; then exit 1; fi
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
