#!/usr/bin/env bash
# The learned default on data it did not train on, beside KSG (k = 5, 10), CCA, GC and MIENF, on fixed
# evaluation sets (every file below is made by mi-sample from a seed written here, so every future model
# is measured on the same data; the report prints each file's SHA-256 to show it).
#
#   Benchmarks/mist-heldout.sh > Benchmarks/mist-heldout-results.md    # the full run
#   QUICK=1 Benchmarks/mist-heldout.sh                                  # fewer data sets, no n = 10^4
#   POINT=p.tar QUANT=q.tar OLD=o.tar Benchmarks/mist-heldout.sh        # other models (OLD: a point model
#                                                                       # shown beside, e.g. the last shipped)
#   BIN=dir: the tools from dir (a copy, so a rebuild cannot change them mid-run)
#   MIENF=0 Benchmarks/mist-heldout.sh                                  # without MIENF (the slowest column;
#                                                                       # it runs on MIENF_SETS at MIENF_SIZES)
#
# Sets:
#   heldout  MetaDistribution.heldOutFamilies (mi-sample meta --families held-out): combinations of base,
#            structure and map that no training prior here contains; n = 100, 500, 2000, 10^4; dx, dy
#            log-uniform in 1..16, drawn independently; mixtures' truth by 10^5 Monte Carlo draws.
#   shapes   MetaDistribution.heldOutShapeFamilies (--families held-out-shapes): the two newer mixture
#            shapes (same-mean scale mixtures, mixtures along curves) under maps no training list pairs
#            them with; held out for the wide prior's models, unseen shapes for the broad prior's.
#   seen     the broad training prior itself (mi-sample meta --families broad), n = 500, 2000: in-distribution.
#   bmi1     BMI v1 tasks (all 40), n = 100, 500, 2000 (seeds 1-3) and 10^4 (seed 1).
#   bmi2     BMI v2's additions (mixtures, concentric, inliers), the same sizes.
#   highd    Gaussians with dx, dy in {32, 64, 128} (dx != dy too), dense and sparse, n = 500, 2000.
#   gauss1   1-D Gaussian pairs, rho = 0, 0.3, 0.5, 0.75, 0.9, at every n (the --pairs screening case).
# BMI tasks whose maps are in the training prior (spiral, swiss roll, galaxy = spiral of a mixture) are
# reported with and without, as rows "bmi1 (no shared maps)" and "bmi2 (no shared maps)".
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-$(swift build -c release --show-bin-path)}
export PATH="$bin:$PATH"
export OPENBLAS_NUM_THREADS=1
point=${POINT:-models/mist-point.tar}
quant=${QUANT:-models/mist-quantile.tar}
old=${OLD:-}
quick=${QUICK:-0}
mienf=${MIENF:-1}
work=${WORK:-$(mktemp -d)}
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
if [ "$quick" = 1 ]; then reps=3; sizes="100 500 2000"; seeds="1"; else reps=10; sizes="100 500 2000 10000"; seeds="1 2 3"; fi
reps=${REPS:-$reps}; sizes=${SIZES:-$sizes}; seeds=${SEEDS:-$seeds}

# Evaluation files: $work/SET.N.bin, binary record streams.
families=$(mi-sample list | awk -F'\t' '$1 == "meta" && $7 ~ /(^|,)held-out(,|$)/ { print $2 }')
shapes=$(mi-sample list | awk -F'\t' '$1 == "meta" && $7 ~ /(^|,)held-out-shapes(,|$)/ { print $2 }')
# family_set FILE SEED_BASE N COUNT FAMILY...: COUNT data sets of each family at n = N into FILE, the
# i-th family from seed SEED_BASE + 10 i + (digits of N).
family_set() {
  local file=$1 base=$2 n=$3 r=$4 i=0 f; shift 4
  : > "$file"
  for f in "$@"; do
    i=$((i + 1))
    mi-sample meta --families "$f" --n "$n,$n" --d 1,16 --independent-dims --size-scale log --mc-samples 100000 \
      --max-mi 10 --count "$r" --seed $((base + i * 10 + ${#n})) --format bin >> "$file"
  done
}
make_sets() {
  local n r v s t tasks ss dims
  for n in $sizes; do
    r=$reps; [ "$n" = 10000 ] && r=$(( (reps + 1) / 2 ))
    family_set "$work/heldout.$n.bin" 11000 "$n" "$r" $families
    family_set "$work/shapes.$n.bin" 13000 "$n" "$r" $shapes
    for v in 1 2; do
      tasks=$(mi-sample list | awk -F'\t' -v v="$v" '$1 == "bmi" && (v == 1 ? $7 ~ /v1/ : $7 == "v2") { print $2 }')
      ss=$seeds; [ "$n" = 10000 ] && ss=1
      : > "$work/bmi$v.$n.bin"
      for s in $ss; do for t in $tasks; do mi-sample bmi "$t" -n "$n" --seed "$s" --format bin >> "$work/bmi$v.$n.bin"; done; done
    done
  done
  for n in 500 2000; do
    mi-sample meta --families broad --n "$n,$n" --d 1,16 --independent-dims --size-scale log --mc-samples 100000 \
      --max-mi 10 --count $((reps * 8)) --seed $((12000 + ${#n})) --format bin > "$work/seen.$n.bin"
    : > "$work/highd.$n.bin"
    for dims in "32 32" "64 64" "128 128" "64 128" "128 32"; do
      set -- $dims
      mi-sample gauss --dx "$1" --dy "$2" --structure dense --mi 0.5 -n "$n" --seed 1 --format bin >> "$work/highd.$n.bin"
      mi-sample gauss --dx "$1" --dy "$2" --structure dense --mi 2 -n "$n" --seed 2 --format bin >> "$work/highd.$n.bin"
      mi-sample gauss --dx "$1" --dy "$2" --structure sparse --pairs 4 --mi 1 -n "$n" --seed 3 --format bin >> "$work/highd.$n.bin"
      mi-sample gauss --dx "$1" --dy "$2" --structure sparse --pairs 4 --mi 3 -n "$n" --seed 4 --format bin >> "$work/highd.$n.bin"
    done
  done
}
# gauss1_sets: 1-D Gaussian pairs at rho = 0, 0.3, 0.5, 0.75, 0.9 (truth closed form), REPS data sets
# each at every n (half at 10^4), from seed 14000 + 100 i + j; made apart from make_sets so that a WORK
# made before this set existed gains it.
gauss1_sets() {
  local n r i j rho
  for n in $sizes; do
    [ -s "$work/gauss1.$n.bin" ] && continue
    r=$reps; [ "$n" = 10000 ] && r=$(( (reps + 1) / 2 ))
    i=0
    for rho in 0 0.3 0.5 0.75 0.9; do
      i=$((i + 1))
      for j in $(seq 1 "$r"); do
        mi-sample gauss -d 1 --rho "$rho" -n "$n" --seed $((14000 + 100 * i + j)) --format bin
      done
    done > "$work/gauss1.$n.bin.part"  # not in an && list: set -e stops a failed mi-sample before the mv
    mv "$work/gauss1.$n.bin.part" "$work/gauss1.$n.bin"
  done
}

# WORK=dir keeps the files and each method's rows there: a later run with the same WORK reuses
# them (only what is missing is computed), so the classical columns need computing once.
[ -f "$work/sets.done" ] || { make_sets; touch "$work/sets.done"; }
gauss1_sets
mkdir -p "$work/rows"

. Benchmarks/mist-rows.sh  # rows FILE METHOD COMMAND...
: > "$work/rows.tsv"
for file in "$work"/*.bin; do
  n=${file%.bin}; n=${n##*.}
  set=$(basename "$file"); set=${set%%.*}
  base=$(basename "$file" .bin)
  # cached LABEL COMMAND...: the rows of COMMAND on this file, computed once per WORK (model rows are
  # computed again whenever the model file is newer than them).
  cached() {
    local label=$1 out="$work/rows/$base.$1.tsv" model=${MODEL_FILE:-}; shift
    if [ ! -s "$out" ] || { [ -n "$model" ] && [ "$model" -nt "$out" ]; }; then rows "$file" "$label" "$@" > "$out"; fi
    cat "$out"
  }
  {
    MODEL_FILE=$point cached mist mi-estimate --model "$point"
    MODEL_FILE=$quant cached mist-qr mi-quantiles --model "$quant" -q 0.05,0.25,0.75,0.95
    [ -z "$old" ] || MODEL_FILE=$old cached mist-old mi-estimate --model "$old"
    cached ksg5 mi-estimate --method ksg -k 5
    cached ksg10 mi-estimate --method ksg -k 10
    cached cca mi-estimate --method cca
    cached gc mi-estimate --method gc
    # MIENF trains a flow per data set (seconds each, minutes at 10^4): on MIENF_SETS at MIENF_SIZES only.
    if [ "$mienf" = 1 ] && [[ " ${MIENF_SETS:-heldout bmi1 highd} " == *" $set "* ]] && [[ " ${MIENF_SIZES:-500 2000} " == *" $n "* ]]; then
      cached mienf mi-estimate --method mienf
    fi
  } >> "$work/rows.tsv"
done
[ -z "${ROWS_ONLY:-}" ] || exit 0

echo "# The learned default on data it did not train on"
echo
echo "One run of \`$( [ "$quick" = 1 ] && echo 'QUICK=1 ')Benchmarks/mist-heldout.sh\` on $(nproc) cores ($(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(date -u +%Y-%m-%d)."
echo "Models: \`$point\` (mist, point) and \`$quant\` (mist-qr: its median; coverage of its 90% and 50% intervals)$( [ -z "$old" ] || echo "; mist-old: \`$old\`")."
echo
echo "Evaluation files (SHA-256 of the binary streams, so a later run can show it measured the same data):"
echo
for file in "$work"/*.bin; do echo "- $(basename "$file"): $(sha256sum "$file" | cut -c1-16)"; done
echo
python3 Benchmarks/mist_heldout_report.py "$work/rows.tsv"
