#!/usr/bin/env bash
# Transfer entropy on a bivariate Gaussian VAR(1) with exact TE in both directions (mi-sample var,
# defaults: a = b = 0.5, c = 0.4, d = 0, so TE(X -> Y) = 0.0921 and TE(Y -> X) = 0), seeds 1-5,
# n = 100 ... 10^4: MSE and bias of ours (mi-estimate --te --method ksg -k 3 --norm max, and cca),
# ennemi (estimate_mi(y, x, lag=1, cond=y, cond_lag=1, k=3)) and infomeasure
# (transfer_entropy(x, y, approach="ksg", k=3)), all with lag 1 and one step of history, on the same
# files; then the seconds per call at n = 10^4 (best of 3). Peers from PyPI (Benchmarks/peer-venv.sh).
# `make bench-te`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
source Benchmarks/peer-venv.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=()
for n in ${SIZES:-100 500 2000 10000}; do
  for s in 1 2 3 4 5; do
    f="$tmp/var-n$n-s$s.tsv"
    "$bin/mi-sample" var -n "$n" --seed "$s" > "$f"
    files+=("$f")
  done
done
echo "# direction n method mse bias data_sets; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
{
  for f in "${files[@]}"; do
    read -r txy tyx < <(head -1 "$f" | tr ' ' '\n' | awk -F= '$1 == "te_xy" { a = $2 } $1 == "te_yx" { b = $2 } END { print a, b }')
    "$bin/mi-estimate" --te --method ksg,cca -k 3 --norm max "$f" |
      awk -F'\t' -v b="$(basename "$f")" -v txy="$txy" -v tyx="$tyx" '
        NR > 1 { d = ($9 ~ /te=x->y/) ? "x->y" : "y->x"; t = d == "x->y" ? txy : tyx; print b "\t" d "\t" $2 "\t" $3 - t "\t" $8 }'
  done
  peer_python - "${files[@]}" <<'PY' 2>/dev/null
import os, sys, time, warnings
warnings.filterwarnings("ignore")
import numpy as np
import ennemi, infomeasure
for path in sys.argv[1:]:
    meta = dict(p.split("=", 1) for p in open(path).readline().split()[2:])
    a = np.loadtxt(path, comments="#")
    x, y = a[:, 0], a[:, 1]
    b = os.path.basename(path)
    for d, src, dst, truth in (("x->y", x, y, float(meta["te_xy"])), ("y->x", y, x, float(meta["te_yx"]))):
        calls = {
            "ennemi": lambda: float(np.asarray(ennemi.estimate_mi(dst, src, lag=1, k=3, cond=dst, cond_lag=1)).ravel()[0]),
            "infomeasure": lambda: float(infomeasure.transfer_entropy(src, dst, approach="ksg", k=3)),
        }
        for name, f in calls.items():
            best = float("inf")
            for _ in range(3 if len(x) >= 10000 else 1):
                t0 = time.perf_counter(); v = f(); best = min(best, time.perf_counter() - t0)
            print(f"{b}\t{d}\t{name}\t{v - truth}\t{best}")
PY
} > "$tmp/te.tsv"
awk -F'\t' '
  { split($1, p, /-/); k = $2 "\t" substr(p[2], 2) "\t" $3; se[k] += $4 * $4; b[k] += $4; c[k]++; if (!(k in seen)) { seen[k] = 1; o[++m] = k } }
  END { for (i = 1; i <= m; i++) { k = o[i]; printf "%s\t%.5f\t%+.4f\t%d\n", k, se[k] / c[k], b[k] / c[k], c[k] } }' "$tmp/te.tsv" |
  sort -t$'\t' -k1,1 -k2,2n -s
echo
echo "# seconds per TE call at n = 10^4 (x->y, seed 1; ours: the estimator's own time, best of 3)"
f="$tmp/var-n10000-s1.tsv"
if [ -f "$f" ]; then
  best=$(for _ in 1 2 3; do "$bin/mi-estimate" --te --method ksg -k 3 --norm max "$f" | awk -F'\t' 'NR == 2 { print $8 }'; done | sort -g | head -1)
  printf 'ours\t%s\n' "$best"
  awk -F'\t' '$1 == "var-n10000-s1.tsv" && $2 == "x->y" && $3 != "ksg" && $3 != "cca" { print $3 "\t" $5 }' "$tmp/te.tsv"
fi
