#!/usr/bin/env bash
# One training step of MINDE's default score network and of the default critic (InfoNCE), ours
# (Benchmarks/bench-steps) vs the same steps in PyTorch CPU (Benchmarks/bench_steps.py), float32, at
# 1 and 2 threads. PyTorch in a venv under .build/ (scripts/make-torch-venv.sh). Prints the median ms
# per step of each and the ratio ours / PyTorch (below 1: we are faster). `make bench-steps`.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${STEPS:-50}
swift build -c release --product bench-steps >/dev/null
bin=$(swift build -c release --show-bin-path)
venv=$(scripts/make-torch-venv.sh)
echo "# training steps, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%d)"
for t in 1 2; do
  ours=$("$bin/bench-steps" --threads "$t" --steps "$steps")
  theirs=$("$venv/bin/python" Benchmarks/bench_steps.py "$t" "$steps")
  for k in score critic; do
    a=$(sed -n "s/^${k}_step_ms=//p" <<< "$ours"); b=$(sed -n "s/^${k}_step_ms=//p" <<< "$theirs")
    echo "threads=$t $k ours_ms=$a pytorch_ms=$b ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
  done
done
