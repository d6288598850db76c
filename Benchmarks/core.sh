#!/usr/bin/env bash
# One set-transformer training step (the issue's model, see Benchmarks/bench-core/main.swift), ours vs
# the same step in PyTorch CPU (Benchmarks/bench_core.py), both float32 with THREADS threads (default 2).
# PyTorch goes into a venv under .build/; the CPU wheel from the machine's find-links directory is
# preferred over PyPI's much larger CUDA build. Run on a quiet machine: `make bench-core`.
# Last line: step_ratio_vs_pytorch=R (our median step time / PyTorch's; below 1 means we are faster).
# PYTORCH_ISA=avx2 holds PyTorch to AVX2 kernels (ATen, MKL and oneDNN) on an AVX-512 machine, which
# is how an AVX2 machine is compared from one: our side already runs OpenBLAS's Haswell (AVX2) sgemm
# on the AMD EPYC used here, and Swift code is compiled for the baseline x86-64.
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${THREADS:-2}
steps=${STEPS:-20}
swift build -c release --product bench-core >/dev/null
bin=$(swift build -c release --show-bin-path)
venv=$(scripts/make-torch-venv.sh)
if [ "${PYTORCH_ISA:-}" = avx2 ]; then export ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 DNNL_MAX_CPU_ISA=AVX2; fi
echo "# set transformer training step, batch 32 x 256 x 64, PyTorch ISA ${PYTORCH_ISA:-default}, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%d)"
# PyTorch's OpenMP threads spin at barriers: with another busy process on the machine its 2-thread step
# slows down by 10-50x (swift-feasibility.md §5.3), so the 1-thread pair is printed too, as a check.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ours1=$("$bin/bench-core" --threads 1 --steps "$steps" | sed -n 's/^step_ms=//p')
theirs1=$("$venv/bin/python" Benchmarks/bench_core.py 1 "$steps" | sed -n 's/^step_ms=//p')
echo "threads=1 ours_step_ms=$ours1 pytorch_step_ms=$theirs1 ratio=$(ratio "$ours1" "$theirs1")"
ours=$("$bin/bench-core" --threads "$threads" --steps "$steps" | tee /dev/stderr | sed -n 's/^step_ms=//p')
theirs=$("$venv/bin/python" Benchmarks/bench_core.py "$threads" "$steps" | tee /dev/stderr | sed -n 's/^step_ms=//p')
echo "threads=$threads ours_step_ms=$ours pytorch_step_ms=$theirs"
echo "step_ratio_vs_pytorch=$(ratio "$ours" "$theirs")"
