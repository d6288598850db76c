#!/usr/bin/env bash
# Discrete and mixed data against exact MI, ours beside ennemi and infomeasure on the same files:
# mi-sample mixed --levels 5 (discrete X, continuous Y; truth 1.0549) and mi-sample categorical
# --levels 4 --eps 0.3 (truth 0.4458), seeds 1-5, n = 100 ... 10^4; MSE and bias of ross, ksg-mixed,
# discrete and ksg (a method that refuses a family is left out), ennemi's estimate_mi with
# discrete_y (and discrete_x for the categorical pair) and infomeasure's mutual_information
# (miller_madow for the categorical pair; it has no discrete-continuous estimator, so ksg, k = 3, for the
# mixture, as its users would). Peers from PyPI (Benchmarks/peer-venv.sh). `make bench-discrete`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
source Benchmarks/peer-venv.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=()
for fam in "mixed --levels 5" "categorical --levels 4 --eps 0.3"; do
  for n in ${SIZES:-100 500 2000 10000}; do
    for s in 1 2 3 4 5; do
      f="$tmp/${fam%% *}-n$n-s$s.tsv"
      "$bin/mi-sample" $fam -n "$n" --seed "$s" > "$f"
      files+=("$f")
    done
  done
done
echo "# family n method mse bias data_sets; $(date -u +%Y-%m-%d)"
{
  for f in "${files[@]}"; do
    "$bin/mi-estimate" --method ross,ksg-mixed,discrete,ksg "$f" 2>/dev/null |
      awk -F'\t' -v b="$(basename "$f")" 'NR > 1 && $3 != "" { print b "\t" $2 "\t" $3 - $7 }' || true
  done
  peer_python - "${files[@]}" <<'PY' 2>/dev/null
import os, sys, warnings
warnings.filterwarnings("ignore")
import numpy as np
import ennemi, infomeasure
for path in sys.argv[1:]:
    meta = dict(p.split("=", 1) for p in open(path).readline().split()[2:])
    truth = float(meta["true_mi"])
    a = np.loadtxt(path, comments="#")
    x, y = a[:, 0], a[:, 1]
    b = os.path.basename(path)
    if meta["family"] == "categorical":
        e = ennemi.estimate_mi(y.astype(int), x.astype(int), discrete_x=True, discrete_y=True)
        i = infomeasure.mutual_information(x.astype(int), y.astype(int), approach="miller_madow")
    else:
        e = ennemi.estimate_mi(x.astype(int), y, discrete_y=True)
        i = infomeasure.mutual_information(x, y, approach="ksg", k=3)
    print(f"{b}\tennemi\t{float(np.asarray(e).ravel()[0]) - truth}")
    print(f"{b}\tinfomeasure\t{float(i) - truth}")
PY
} | awk -F'\t' '
  { split($1, p, /-/); k = p[1] "\t" substr(p[2], 2) "\t" $2; se[k] += $3 * $3; b[k] += $3; c[k]++; if (!(k in seen)) { seen[k] = 1; o[++m] = k } }
  END { for (i = 1; i <= m; i++) { k = o[i]; printf "%s\t%.4f\t%+.4f\t%d\n", k, se[k] / c[k], b[k] / c[k], c[k] } }' |
  sort -t$'\t' -k1,1 -k2,2n -s
