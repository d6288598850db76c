#!/usr/bin/env bash
# Stream throughput: how fast mi-sample writes TSV and binary, and how fast the record reader
# reads each back (the issue's bar: binary at least 10x faster than TSV). Best of 3 runs each.
# Run on a quiet machine: `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
swift build -c release --product read-records >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rows=${ROWS:-1000000}
d=${DIM:-8}

best_of_3() {   # best wall-clock seconds of a command writing to $out
  local best=""
  for _ in 1 2 3; do
    local t0 t1 dt
    t0=$(date +%s.%N); "$@" > "$out"; t1=$(date +%s.%N)
    dt=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
    if [ -z "$best" ] || awk -v a="$dt" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$dt; fi
  done
  echo "$best"
}

echo "# mi-sample gauss -d $d -n $rows (dx = dy = $d), $(nproc) cores, $(date -u +%Y-%m-%d)"
printf 'what\tbytes\tseconds\tMB_per_s\n'
for fmt in tsv bin; do
  out="$tmp/sample.$fmt"
  s=$(best_of_3 "$bin/mi-sample" gauss -d "$d" -n "$rows" --seed 1 --format "$fmt")
  bytes=$(stat -c %s "$out")
  awk -v f="$fmt" -v b="$bytes" -v s="$s" 'BEGIN { printf "mi-sample write %s\t%d\t%.3f\t%.1f\n", f, b, s, b / s / 1e6 }'
done
echo
"$bin/read-records" "$tmp/sample.tsv" "$tmp/sample.bin" | tee "$tmp/read.tsv"
tsv_rows=$(awk -F'\t' 'NR==2 {print $7}' "$tmp/read.tsv")
bin_rows=$(awk -F'\t' 'NR==3 {print $7}' "$tmp/read.tsv")
echo
awk -v b="$bin_rows" -v t="$tsv_rows" 'BEGIN { printf "binary_vs_tsv_read_speedup=%.1f\n", b / t }'
