#!/usr/bin/env bash
# One set-transformer training step (the issue's model, see Benchmarks/bench-core/main.swift), ours vs
# the same step in PyTorch CPU (Benchmarks/bench_core.py), both float32 with THREADS threads (default 2).
# PyTorch goes into a venv under .build/; the CPU wheel from the machine's find-links directory is
# preferred over PyPI's much larger CUDA build. Run on a quiet machine: `make bench-core`.
# Last line: step_ratio_vs_pytorch=R (our median step time / PyTorch's; below 1 means we are faster).
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${THREADS:-2}
steps=${STEPS:-20}
venv=.build/bench-venv
swift build -c release --product bench-core >/dev/null
bin=$(swift build -c release --show-bin-path)
if ! "$venv/bin/python" -c "import torch" 2>/dev/null; then
  python3 -m venv "$venv"
  links=$(pip config get global.find-links 2>/dev/null || true)
  wheel=$(ls "${links:-/nonexistent}"/torch-*+cpu-*.whl 2>/dev/null | sort | tail -n 1 || true)
  if [ -n "$wheel" ]; then
    # The local CPU wheel (its dependencies from the index): pin its version so pip takes it.
    version=$(basename "$wheel" | cut -d- -f2)
    "$venv/bin/pip" install -q --find-links "$links" "torch==$version" numpy
  else
    "$venv/bin/pip" install -q torch numpy
  fi
fi
echo "# set transformer training step, batch 32 x 256 x 64, threads=$threads, $(nproc) cores, $(date -u +%Y-%m-%d)"
ours=$("$bin/bench-core" --threads "$threads" --steps "$steps" | tee /dev/stderr | sed -n 's/^step_ms=//p')
theirs=$("$venv/bin/python" Benchmarks/bench_core.py "$threads" "$steps" | tee /dev/stderr | sed -n 's/^step_ms=//p')
echo "ours_step_ms=$ours pytorch_step_ms=$theirs"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "step_ratio_vs_pytorch=%.2f\n", a / b }'
