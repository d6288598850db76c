#!/usr/bin/env bash
# Would other estimators' values, shown to the learned default, make it better on data it did not
# train on? A second stage on the quantile model (Benchmarks/mist_summaries.py: ridge and small MLPs
# from the model's quantiles, KSG k = 5 and 10, CCA, GC, log n and log(dx dy) to the model's error),
# fit on data sets of the model's own training prior and chosen by leave-family-out cross-validation
# there, then measured once on mist-heldout.sh's fixed evaluation files.
#
#   Benchmarks/mist-summaries.sh > Benchmarks/mist-summaries-results.md
#   WORK=dir   keeps the files and rows (a later run reuses them); HELDOUT=dir a mist-heldout.sh WORK
#              whose rows it reuses (else it makes them: the full held-out run, hours)
#   QUANT=q.tar the quantile model (default models/mist-quantile.tar); BIN=dir the tools from dir
#   KSG_ROWS=m  give the second stage KSG's values on each data set's first m rows only (what a default
#              that must stay faster than KSG could afford); "best classical" stays KSG on all rows
#
# The training-prior table: 6000 data sets of the families the default trained on (wide, the
# independent and the Gaussian lists of models/README.md), n log-uniform in 100..10^4, dx, dy
# log-uniform in 1..16, from fixed seeds. numpy comes from PyPI into a venv (Benchmarks/peer-venv.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-$(swift build -c release --show-bin-path)}
export PATH="$bin:$PATH"
export OPENBLAS_NUM_THREADS=1
quant=${QUANT:-models/mist-quantile.tar}
work=${WORK:-$(mktemp -d)}
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
. Benchmarks/peer-venv.sh  # numpy (with the KSG-CMI peers) from PyPI into a venv, made on first use

heldout=${HELDOUT:-$work/heldout}
WORK="$heldout" QUANT="$quant" MIENF=0 ROWS_ONLY=1 BIN="$bin" Benchmarks/mist-heldout.sh

. Benchmarks/mist-rows.sh
ind=indep-normal-base,indep-mix-base,indep-normal-flow,indep-mix-flow
gau=normal-dense-base,normal-sparse-base,normal-lvm-base,normal-2pair-base,normal-dense-rotate
mkdir -p "$work/prior"
for part in "1500 21000" "4500 21001"; do
  set -- $part
  file="$work/prior/prior$2.bin"
  if [ ! -s "$file" ]; then
    mi-sample meta --families "wide,$ind,$gau" --n 100,10000 --d 1,16 --independent-dims --size-scale log \
      --mc-samples 100000 --max-mi 10 --count "$1" --seed "$2" --format bin > "$file.part"
    mv "$file.part" "$file"
  fi
  base="$work/prior/prior$2"
  [ -s "$base.mist-qr.tsv" ] || rows "$file" mist-qr mi-quantiles --model "$quant" -q 0.05,0.25,0.75,0.95 > "$base.mist-qr.tsv"
  [ -s "$base.ksg5.tsv" ] || rows "$file" ksg5 mi-estimate --method ksg -k 5 > "$base.ksg5.tsv"
  [ -s "$base.ksg10.tsv" ] || rows "$file" ksg10 mi-estimate --method ksg -k 10 > "$base.ksg10.tsv"
  [ -s "$base.cca.tsv" ] || rows "$file" cca mi-estimate --method cca > "$base.cca.tsv"
  [ -s "$base.gc.tsv" ] || rows "$file" gc mi-estimate --method gc > "$base.gc.tsv"
done

# KSG_ROWS=m: KSG (k = 5, 10) on the first m rows of every file, as methods ksg5-m and ksg10-m.
if [ -n "${KSG_ROWS:-}" ]; then
  m=$KSG_ROWS
  for file in "$work"/prior/*.bin "$heldout"/*.bin; do
    base=$(basename "$file" .bin)
    case $file in "$heldout"/*) out="$heldout/rows/$base" ;; *) out="${file%.bin}" ;; esac
    [ -s "$out.ksg10-$m.tsv" ] && continue
    python3 Benchmarks/first_rows.py "$m" < "$file" > "$work/first.bin"
    rows "$work/first.bin" "ksg5-$m" mi-estimate --method ksg -k 5 | sed "s/^first\t/$base\t/" > "$out.ksg5-$m.tsv"
    rows "$work/first.bin" "ksg10-$m" mi-estimate --method ksg -k 10 | sed "s/^first\t/$base\t/" > "$out.ksg10-$m.tsv"
  done
  rm -f "$work/first.bin"
  export KSG_INPUTS="ksg5-$m,ksg10-$m"
fi

echo "# Other estimators' values as inputs to the learned default: a measurement"
echo
echo "One run of \`${KSG_ROWS:+KSG_ROWS=$KSG_ROWS }Benchmarks/mist-summaries.sh\` on $(nproc) cores ($(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(date -u +%Y-%m-%d); model \`$quant\`."
echo
echo "Files (SHA-256): $(for f in "$work"/prior/*.bin "$heldout"/*.bin; do printf '%s %s; ' "$(basename "$f")" "$(sha256sum "$f" | cut -c1-16)"; done)"
echo
peer_python Benchmarks/mist_summaries.py "$work/prior" "$heldout/rows"
