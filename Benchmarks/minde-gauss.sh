#!/usr/bin/env bash
# MINDE (every variant, default settings) and the variational bounds beside KSG, CCA and MIENF on
# Gaussians with closed-form MI: 1 x 1 and 5 x 5, dense and sparse, n = $N (default 5000), seeds
# $SEEDS (default 1). One row per data set and method: the true MI, the estimate, its interval where
# the method gives one (mi_lo, mi_hi), whether the truth is inside, and the seconds. `make bench-minde`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-$(swift build -c release --show-bin-path)}
n=${N:-5000}
methods=${METHODS:-minde-c,minde-j,minde-c-sigma,minde-j-sigma,mine,infonce,nwj,dv,smile,mienf,ksg,cca}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in ${SEEDS:-1}; do
  "$bin/mi-sample" gauss -d 1 --rho 0.8 -n "$n" --seed "$s"
  "$bin/mi-sample" gauss -d 1 --structure sparse --pairs 1 --strength 1 -n "$n" --seed "$s"
  "$bin/mi-sample" gauss -d 5 --rho 0.2 -n "$n" --seed "$s"
  "$bin/mi-sample" gauss -d 5 --structure sparse --pairs 2 -n "$n" --seed "$s"
done > "$tmp/gauss.tsv"
echo "# name method true_mi mi mi_lo mi_hi covered seconds; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
"$bin/mi-estimate" --method "$methods" --threads 1 "$tmp/gauss.tsv" |
  awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { lo = c["mi_lo"] ? $(c["mi_lo"]) : ""; hi = c["mi_hi"] ? $(c["mi_hi"]) : ""
      cov = (lo != "" && hi != "") ? (($(c["true_mi"]) >= lo && $(c["true_mi"]) <= hi) ? "yes" : "no") : ""
      mi = $(c["mi"]) == "" ? "" : sprintf("%.4f", $(c["mi"]))
      printf "%s\t%s\t%.4f\t%s\t%s\t%s\t%s\t%s\n", $1, $2, $(c["true_mi"]), mi, lo, hi, cov, $(c["seconds"]) }' || true
