#!/usr/bin/env bash
# Accuracy, calibration and speed of the shipped MIST models against KSG (k = 5, 10), CCA and GC.
# Prints a Markdown report on stdout (Benchmarks/mist-results.md is one run of it).
#
#   Benchmarks/mist-eval.sh > Benchmarks/mist-results.md      # the full run (about 20 minutes on 2 cores)
#   QUICK=1 Benchmarks/mist-eval.sh                           # a small run (fewer data sets and seeds)
#   POINT=m.tar QUANT=q.tar Benchmarks/mist-eval.sh           # other models
#   BEFORE="old=o.tar" Benchmarks/mist-eval.sh                # add more point models to (a)-(c) and the per-task table
#
# (a) The reference's grids (MIST test_imd.yaml / test_oomd.yaml): n = linspace(10, 500, 20), for each
#     (n, family) one d ~ U{2..32} with dx = dy, 9 data sets (QUICK: 2). Plain MSE and MAE of each
#     estimate against the true MI (the reference reports the mean over 50 bootstrap resamples).
# (b) BMI v1 tasks with dx, dy <= 32 (39 of 40) at n = 100, 500, 2000 (seeds 1-3; QUICK: seed 1), and
#     n = 10000 (seed 1): beyond the training range, the model averages parts of <= 500 rows.
# (c) dx != dy and 1-D variables: the meta-distribution with independent dx, dy in 1..32.
# (d) Calibration: coverage of the true MI by the learned quantiles vs bootstrap-KSG percentile intervals.
# (e) Speed: whole processes, one data set of n = 500, d = 5 (dx = dy = 5), and 2000 data sets of n = 100.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
export PATH="$bin:$PATH"
point=${POINT:-models/mist-point.tar}
quant=${QUANT:-models/mist-quantile.tar}
quick=${QUICK:-0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$quick" = 1 ]; then reps=2; seeds="1"; calib=100; boot=20; else reps=9; seeds="1 2 3"; calib=500; boot=30; fi
# Overrides: REPS (grid data sets per cell), SEEDS (BMI seeds), CALIB (calibration data sets), BOOT (KSG replicates).
reps=${REPS:-$reps}; seeds=${SEEDS:-$seeds}; calib=${CALIB:-$calib}; boot=${BOOT:-$boot}

# est LABEL FILE ARGS...: rows "label n dx dy mi true_mi" of mi-estimate ARGS on FILE.
est() {
  local label=$1 file=$2; shift 2
  mi-estimate "$@" "$file" 2>/dev/null | awk -F'\t' -v L="$label" '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { print L "\t" $c["n"] "\t" $c["dx"] "\t" $c["dy"] "\t" $c["mi"] "\t" $c["true_mi"] }'
}
# all_methods FILE: every method's rows on FILE.
all_methods() {
  est mist "$1" --model "$point"
  est mist-qr-median "$1" --model "$quant"
  for b in ${BEFORE:-}; do est "${b%%=*}" "$1" --model "${b#*=}"; done
  est ksg5 "$1" --method ksg -k 5
  est ksg10 "$1" --method ksg -k 10
  est cca "$1" --method cca
  est gc "$1" --method gc
}
# table BINS: Markdown table of MSE and MAE per method and n bin; BINS like "10-100 101-300 301-500".
table() {
  awk -F'\t' -v bins="$1" '
    BEGIN { nb = split(bins, b, " "); for (i = 1; i <= nb; i++) { split(b[i], r, "-"); lo[i] = r[1]; hi[i] = r[2] } }
    {
      if (!($1 in seen)) { seen[$1] = 1; order[++m] = $1 }
      if ($5 == "") { missing[$1]++; next }
      for (i = 1; i <= nb; i++) if ($2 + 0 >= lo[i] && $2 + 0 <= hi[i]) {
        d = $5 - $6; se[$1, i] += d * d; ae[$1, i] += (d < 0 ? -d : d); cnt[$1, i]++
      }
    }
    END {
      h = "| method |"; s = "|---|"
      for (i = 1; i <= nb; i++) { h = h " MSE n " b[i] " |"; s = s "---|" }
      for (i = 1; i <= nb; i++) { h = h " MAE n " b[i] " |"; s = s "---|" }
      print h " data sets |"; print s "---|"
      for (k = 1; k <= m; k++) {
        x = order[k]; line = "| " x " |"; tot = 0
        for (i = 1; i <= nb; i++) { line = line (cnt[x, i] ? sprintf(" %.3f |", se[x, i] / cnt[x, i]) : " – |"); tot += cnt[x, i] }
        for (i = 1; i <= nb; i++) line = line (cnt[x, i] ? sprintf(" %.3f |", ae[x, i] / cnt[x, i]) : " – |")
        print line " " tot (missing[x] ? " (" missing[x] " refused)" : "") " |"
      }
    }'
}

echo "# MIST models against KSG, CCA and GC"
echo
echo "One run of \`$( [ "$quick" = 1 ] && echo 'QUICK=1 ')REPS=$reps SEEDS=\"$seeds\" CALIB=$calib BOOT=$boot Benchmarks/mist-eval.sh\` on $(nproc) cores ($(uname -m)), $(date -u +%Y-%m-%d)."
echo "Models: \`$point\` (point, MSE) and \`$quant\` (quantile; its median is the row mist-qr-median)."
echo "KSG is BMI's convention (standardized columns, Euclidean within X and Y, max jointly); k = 5 and 10."
echo "MSE and MAE are in nats² and nats, of each estimate against the true MI (no bootstrap averaging)."
echo

# (a) The reference's grids.
sizes=$(awk 'BEGIN { for (i = 0; i < 20; i++) printf "%d ", 10 + int(i * 490 / 19) }')
grid() {   # grid NAME SEED FAMILIES...
  local name=$1 seed=$2; shift 2
  local fi=0 f n d
  : > "$work/$name.bin"
  for f in "$@"; do
    fi=$((fi + 1))
    for n in $sizes; do
      d=$(awk -v s=$((seed * 1000 + fi * 37 + n)) 'BEGIN { srand(s); print 2 + int(rand() * 31) }')
      mi-sample meta --families "$f" --n "$n,$n" --d "$d,$d" --count "$reps" --seed $((seed * 100000 + fi * 1000 + n)) --format bin >> "$work/$name.bin"
    done
  done
}
grid imd 1 normal-dense-base normal-lvm-wiggly normal-dense-half-cube student-dense-base student-sparse-base student-sparse-asinh
grid oomd 2 normal-dense-wiggly normal-sparse-half-cube normal-sparse-asinh student-sparse-wiggly student-dense-half-cube additive-noise-base additive-noise-half-cube
for g in imd oomd; do
  echo "## (a) Reference grid: $( [ $g = imd ] && echo 'in' || echo 'out of') meta-distribution ($g, $reps data sets per cell)"
  echo
  all_methods "$work/$g.bin" | table "10-100 101-300 301-500"
  echo
done

# (b) BMI tasks.
tasks=$(mi-sample list --skip-mixtures | awk -F'\t' '$1 == "bmi" && $7 ~ /v1/ && $3 <= 32 && $4 <= 32 { print $2 }')
: > "$work/bmi.rows"
for n in 100 500 2000; do
  : > "$work/bmi-$n.bin"
  for s in $seeds; do for t in $tasks; do mi-sample bmi "$t" -n "$n" --seed "$s" --format bin >> "$work/bmi-$n.bin"; done; done
  all_methods "$work/bmi-$n.bin" >> "$work/bmi.rows"
done
: > "$work/bmi-10000.bin"
for t in $tasks; do mi-sample bmi "$t" -n 10000 --seed 1 --format bin >> "$work/bmi-10000.bin"; done
{ est mist "$work/bmi-10000.bin" --model "$point"; est mist-qr-median "$work/bmi-10000.bin" --model "$quant"
  est ksg5 "$work/bmi-10000.bin" --method ksg -k 5; est cca "$work/bmi-10000.bin" --method cca; est gc "$work/bmi-10000.bin" --method gc; } >> "$work/bmi.rows"
echo "## (b) BMI v1 tasks with dx, dy <= 32 ($(echo $tasks | wc -w) tasks; seeds: $seeds; n = 10000: seed 1)"
echo
table "100-100 500-500 2000-2000 10000-10000" < "$work/bmi.rows"
echo
echo "Goal of issue #5 for the learned estimator: MSE <= 0.05 at n = 100, <= 0.02 at 500, <= 0.01 at 2000."
echo

# (b') Per task: bias (mean of estimate − truth over the seeds) and MSE of the point model, GC and KSG-5.
echo "### Per task (point model; bias = mean error over seeds $seeds, nats)"
echo
echo "| task | dx×dy | true MI | mist bias n=100 | mist bias n=500 | mist bias n=2000 | mist MSE n=2000 | gc MSE n=2000 | ksg5 MSE n=2000 |"
echo "|---|---|---|---|---|---|---|---|---|"
named() {   # named LABEL N ARGS...: rows "label n task dx dy mi true_mi"
  local label=$1 n=$2; shift 2
  mi-estimate "$@" "$work/bmi-$n.bin" 2>/dev/null | awk -F'\t' -v L="$label" -v N="$n" '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { print L "\t" N "\t" $c["name"] "\t" $c["dx"] "\t" $c["dy"] "\t" $c["mi"] "\t" $c["true_mi"] }'
}
{ for n in 100 500 2000; do named mist $n --model "$point"; done
  named gc 2000 --method gc; named ksg5 2000 --method ksg -k 5; } | awk -F'\t' '
  { k = $1 SUBSEP $2 SUBSEP $3; if (!($3 in seen)) { seen[$3] = 1; order[++m] = $3; dims[$3] = $4 "×" $5; truth[$3] = $7 }
    if ($6 == "") next; d = $6 - $7; bias[k] += d; se[k] += d * d; cnt[k]++ }
  function b(l, n, t) { k = l SUBSEP n SUBSEP t; return cnt[k] ? sprintf("%+.3f", bias[k] / cnt[k]) : "–" }
  function e(l, n, t) { k = l SUBSEP n SUBSEP t; return cnt[k] ? sprintf("%.4f", se[k] / cnt[k]) : "–" }
  END { for (i = 1; i <= m; i++) { t = order[i]
      printf "| %s | %s | %.3f | %s | %s | %s | %s | %s | %s |\n", t, dims[t], truth[t], b("mist", 100, t), b("mist", 500, t),
        b("mist", 2000, t), e("mist", 2000, t), e("gc", 2000, t), e("ksg5", 2000, t) } }'
echo

# (c) dx != dy, 1-D variables.
# The meta-distribution the shipped models were trained on (FAMILIES to override): held-out seeds.
families=${FAMILIES:-extended}
mi-sample meta --families "$families" --count $((calib / 2)) --seed 31337 --d 1,32 --independent-dims --format bin > "$work/indep.bin"
echo "## (c) Independent dx, dy in 1..32 (meta-distribution --families $families, $((calib / 2)) data sets; rows with min(dx, dy) = 1 separately)"
echo
all_methods "$work/indep.bin" | awk -F'\t' 'BEGIN { OFS = "\t" } { $2 = ($3 == 1 || $4 == 1) ? 1 : 2; print }' | table "1-1 2-2" \
  | sed 's/n 1-1/1-D X or Y/g; s/n 2-2/both >= 2-D/g'
echo

# (d) Calibration.
mi-sample meta --families "$families" --count "$calib" --seed 4242 --d 1,32 --independent-dims --format bin > "$work/calib.bin"
echo "## (d) Calibration: coverage of the true MI ($calib held-out meta data sets, --families $families; KSG: $boot bootstrap replicates, k = 5)"
echo
echo "| method | level | coverage | mean width (nats) | data sets |"
echo "|---|---|---|---|---|"
mi-quantiles --model "$quant" --method mist,ksg --bootstrap "$boot" -q 0.05,0.25,0.5,0.75,0.95 --calibrate --seed 1 "$work/calib.bin" 2>/dev/null \
  | awk -F'\t' 'NR > 1 { printf "| %s | %s | %.3f | %s | %s |\n", ($1 == "mist" ? "mist (learned)" : "ksg (bootstrap)"), $2, $3, ($4 == "" ? "" : sprintf("%.3f", $4)), $5 }'
echo
echo "BMI v1 tasks at n = 500 (seeds: $seeds):"
echo
echo "| method | level | coverage | mean width (nats) | data sets |"
echo "|---|---|---|---|---|"
mi-quantiles --model "$quant" --method mist,ksg --bootstrap "$boot" -q 0.05,0.25,0.5,0.75,0.95 --calibrate --seed 1 "$work/bmi-500.bin" 2>/dev/null \
  | awk -F'\t' 'NR > 1 { printf "| %s | %s | %.3f | %s | %s |\n", ($1 == "mist" ? "mist (learned)" : "ksg (bootstrap)"), $2, $3, ($4 == "" ? "" : sprintf("%.3f", $4)), $5 }'
echo
echo "Rows q<level>: fraction of data sets whose true MI is at or below that quantile (calibrated: the level)."
echo "Rows 0.9 and 0.5: central intervals [q0.05, q0.95] and [q0.25, q0.75]."
echo

# (e) Speed: whole processes, median of repeated runs.
mi-sample gauss -d 5 -n 500 --seed 1 --format bin > "$work/one.bin"
mi-sample meta --count 2000 --n 100,100 --d 5,5 --seed 5 --format bin > "$work/many.bin"
median_time() {   # median_time RUNS CMD...: median wall seconds
  local runs=$1; shift
  for _ in $(seq "$runs"); do
    local t0 t1; t0=$(date +%s%N); "$@" > /dev/null 2>&1; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 ))
  done | sort -n | awk '{ a[NR] = $1 } END { printf "%.4f", a[int((NR + 1) / 2)] / 1e6 }'
}
echo "## (e) Speed (whole process, wall clock, median of repeated runs)"
echo
echo "| task | method | seconds | data sets / s |"
echo "|---|---|---|---|"
for m in mist ksg cca; do
  s=$(median_time 11 mi-estimate --method "$m" "$work/one.bin")
  echo "| one data set, n = 500, dx = dy = 5 | $m | $s | |"
done
for m in mist ksg cca; do
  s=$(median_time 3 mi-estimate --method "$m" --threads 2 "$work/many.bin")
  echo "| 2000 data sets, n = 100, dx = dy = 5, 2 threads | $m | $s | $(awk -v s="$s" 'BEGIN { printf "%.0f", 2000 / s }') |"
done
s=$(median_time 3 mi-estimate --method mist --threads 1 "$work/many.bin")
echo "| 2000 data sets, n = 100, dx = dy = 5, 1 thread | mist | $s | $(awk -v s="$s" 'BEGIN { printf "%.0f", 2000 / s }') |"
