#!/usr/bin/env bash
# KSG speed against its peers on the same files (k = 10, Gaussian data, rho = 0.5): ours
# (mi-estimate --method ksg -k 10; the estimator's own time from the `seconds` column, both
# cores), BMI's KSGEnsembleFirstEstimator(neighborhoods=(10,)), scikit-learn's
# mutual_info_regression (1-D only), ennemi's estimate_mi (1-D only) and infomeasure's ksg MI, each
# per call (best of 3; one call at n = 10000), in one process per peer after its imports. Then
# ours alone at n = 1e5 and 1e6 (2-D). Peers come from PyPI into a venv (scripts/make-bench-venv.sh).
# Run on a quiet machine: `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
venv=${VENV:-.build/bench-venv}
scripts/make-bench-venv.sh "$venv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sizes=${SIZES:-"500 2000 10000"}
files=()
for d in 1 5; do
  for n in $sizes; do
    f="$tmp/gauss-d$d-n$n.tsv"
    "$bin/mi-sample" gauss -d "$d" --rho 0.5 -n "$n" --seed 1 > "$f"
    files+=("$f")
  done
done

ours() {   # best of 3 estimator seconds, and the estimate
  local best="" mi=""
  for _ in 1 2 3; do
    read -r s m < <("$bin/mi-estimate" --method ksg -k 10 "$1" | awk -F'\t' 'NR == 2 { print $8, $3 }')
    mi=$m
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
  done
  echo "$best $mi"
}

{
  for f in "${files[@]}"; do read -r s m < <(ours "$f"); printf 'ours\t%s\t%s\t%s\n' "$(basename "$f")" "$s" "$m"; done
  "$venv/bin/python" - "${files[@]}" <<'PY' 2>/dev/null
import os, sys, time, warnings
warnings.filterwarnings("ignore")
import numpy as np

def load(path):
    dx = int(next(p for p in open(path).readline().split() if p.startswith("dx=")).split("=")[1])
    a = np.loadtxt(path, comments="#", dtype=np.float32).astype(np.float64)
    return a[:, :dx], a[:, dx:]

def peers():
    from bmi.estimators import KSGEnsembleFirstEstimator
    from sklearn.feature_selection import mutual_info_regression
    import ennemi, infomeasure
    yield "bmi", True, lambda x, y: KSGEnsembleFirstEstimator(neighborhoods=(10,)).estimate(x, y)
    yield "sklearn", False, lambda x, y: float(mutual_info_regression(x, y[:, 0], n_neighbors=10, random_state=0)[0])
    yield "ennemi", False, lambda x, y: float(ennemi.estimate_mi(y[:, 0], x[:, 0], k=10))
    yield "infomeasure", True, lambda x, y: float(infomeasure.mutual_information(x, y, approach="ksg", k=10))

for name, multi, f in peers():
    for path in sys.argv[1:]:
        x, y = load(path)
        if not multi and (x.shape[1] > 1 or y.shape[1] > 1):
            continue
        best, mi = float("inf"), float("nan")
        for _ in range(1 if len(x) >= 10000 else 3):
            t0 = time.perf_counter(); mi = f(x, y); best = min(best, time.perf_counter() - t0)
        print(f"{name}\t{os.path.basename(path)}\t{best:.6f}\t{mi}", flush=True)
PY
} > "$tmp/times.tsv"

echo "# KSG, k = 10, mi-sample gauss --rho 0.5 --seed 1; seconds per call; $(nproc) cores; $(date -u +%Y-%m-%d)"
awk -F'\t' '
  { split($2, p, /[-.]/); key = p[2] "\t" p[3]; sub(/^d/, "", key); t[$1, key] = $3; mi[$1, key] = $4; if (!(key in seen)) { seen[key] = 1; keys[++nk] = key } }
  END {
    split("ours bmi sklearn ennemi infomeasure", tools, " ")
    printf "dims\tn"; for (i = 1; i <= 5; i++) printf "\t%s", tools[i]; printf "\tbmi/ours\tfastest_peer/ours\tmi_ours\tmi_bmi\n"
    for (j = 1; j <= nk; j++) {
      k = keys[j]; split(k, dn, "\t"); d = dn[1]; n = dn[2]; sub(/^n/, "", n)
      printf "%sx%s\t%s", d, d, n
      fastest = ""
      for (i = 1; i <= 5; i++) {
        v = t[tools[i], k]; printf "\t%s", (v == "" ? "-" : v)
        if (i > 1 && v != "" && (fastest == "" || v + 0 < fastest + 0)) fastest = v
      }
      o = t["ours", k]
      printf "\t%s\t%s", (t["bmi", k] == "" ? "-" : sprintf("%.0fx", t["bmi", k] / o)), (fastest == "" ? "-" : sprintf("%.1fx", fastest / o))
      printf "\t%.6f\t%s\n", mi["ours", k], (mi["bmi", k] == "" ? "-" : sprintf("%.6f", mi["bmi", k]))
    }
  }' "$tmp/times.tsv"

echo
echo "# ours alone, 1x1 (2-D), binary input; estimator seconds and whole-command wall seconds"
printf 'n\tseconds\twall_seconds\tmi\n'
for n in 100000 1000000; do
  f="$tmp/big-$n.bin"
  "$bin/mi-sample" gauss -d 1 --rho 0.5 -n "$n" --seed 1 --format bin > "$f"
  t0=$(date +%s.%N)
  read -r s m < <("$bin/mi-estimate" --method ksg -k 10 "$f" | awk -F'\t' 'NR == 2 { print $8, $3 }')
  t1=$(date +%s.%N)
  awk -v n="$n" -v s="$s" -v a="$t0" -v b="$t1" -v m="$m" 'BEGIN { printf "%d\t%s\t%.3f\t%s\n", n, s, b - a, m }'
done
