#!/usr/bin/env bash
# One MIENF training epoch of mi-flow's default model (Benchmarks/bench-flow) against the same flow,
# loss and optimizer step in PyTorch CPU (Benchmarks/bench_flow.py), both float32. PyTorch goes into the
# venv .build/torch-venv (shared with `make bench-core`; the local CPU wheel is preferred). Not part of
# `make test`. ROWS/BATCH/DIM (default 1600/200/5: what `mi-flow estimate` uses at n = 2000, d = 5),
# EPOCHS (default 10) and THREADS (default 2) can be set. Both sides are also run at 1 thread.
# Last line: epoch_ratio_vs_pytorch=R (our median epoch time / PyTorch's; below 1 means we are faster).
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${THREADS:-2}; epochs=${EPOCHS:-10}; rows=${ROWS:-1600}; batch=${BATCH:-200}; dim=${DIM:-5}
nice -n 10 swift build -c release --product bench-flow >/dev/null
bin=$(swift build -c release --show-bin-path)
venv=$(scripts/make-torch-venv.sh)
echo "# MIENF epoch: $rows rows, batch $batch, dx = dy = $dim, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%d)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ours1=$("$bin/bench-flow" --threads 1 --epochs "$epochs" --rows "$rows" --batch "$batch" --dim "$dim" | sed -n 's/^epoch_ms=//p')
theirs1=$("$venv/bin/python" Benchmarks/bench_flow.py 1 "$epochs" "$rows" "$batch" "$dim" | sed -n 's/^epoch_ms=//p')
echo "threads=1 ours_epoch_ms=$ours1 pytorch_epoch_ms=$theirs1 ratio=$(ratio "$ours1" "$theirs1")"
ours=$("$bin/bench-flow" --threads "$threads" --epochs "$epochs" --rows "$rows" --batch "$batch" --dim "$dim" | tee /dev/stderr | sed -n 's/^epoch_ms=//p')
theirs=$("$venv/bin/python" Benchmarks/bench_flow.py "$threads" "$epochs" "$rows" "$batch" "$dim" | tee /dev/stderr | sed -n 's/^epoch_ms=//p')
echo "threads=$threads ours_epoch_ms=$ours pytorch_epoch_ms=$theirs"
echo "epoch_ratio_vs_pytorch=$(ratio "$ours" "$theirs")"
