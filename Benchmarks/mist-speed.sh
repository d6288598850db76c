#!/usr/bin/env bash
# Whole-process speed of the learned default beside our KSG (k = 5), on the same files: data sets per
# second at n = 100, 500, 2000 and d = 5, 32, 128 (dx = dy = d, Gaussian), --threads 2; and one data
# set of n = 500, d = 5 (startup included). Prints Markdown.
#
#   Benchmarks/mist-speed.sh            POINT=models/other.tar Benchmarks/mist-speed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
export PATH="$bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
model=()
[ -z "${POINT:-}" ] || model=(--model "$POINT")
seconds() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { print e - s }'; }
echo "| n | d | data sets | mist: sets/s | ksg: sets/s | ksg time / mist time (> 1: mist faster) |"
echo "|---|---|---|---|---|---|"
for n in 100 500 2000; do
  for d in 5 32 128; do
    count=$(( 40000 / n )); [ "$d" = 128 ] && count=$(( count / 4 ))
    mi-sample meta --families normal-dense-base --n "$n,$n" --d "$d,$d" --count "$count" --seed 5 --format bin > "$work/s.bin"
    tm=$(seconds mi-estimate "${model[@]}" "$work/s.bin")
    tk=$(seconds mi-estimate --method ksg "$work/s.bin")
    awk -v n="$n" -v d="$d" -v c="$count" -v tm="$tm" -v tk="$tk" \
      'BEGIN { printf "| %d | %d | %d | %.1f | %.1f | %.2f |\n", n, d, c, c / tm, c / tk, tk / tm }'
  done
done
mi-sample gauss -d 5 -n 500 --seed 1 > "$work/one.tsv"
best=9
for _ in 1 2 3 4 5; do t=$(seconds mi-estimate "${model[@]}" "$work/one.tsv"); best=$(awk -v t="$t" -v b="$best" 'BEGIN { print (t < b ? t : b) }'); done
echo
# The OpenBLAS kernels the tools ran (they choose them by the processor's features: BLASLibrary.swift).
kernels=$(OPENBLAS_VERBOSE=2 mi-estimate "${model[@]}" "$work/one.tsv" 2>&1 >/dev/null | sed -n 's/^Core: //p' | tail -1)
echo "One data set, n = 500, d = 5, whole process (best of 5): ${best} s. $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), OpenBLAS kernels ${kernels:-unknown}."
